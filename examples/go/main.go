// Command bankmesh is the cdk synth entry point: the reference bank mesh with the insurance producer's
// life-expectancy pipeline, with cdk-data-mesh as a Go module (the same mesh as npm run demo in the repository).
//
// Without the cdk CLI: CDK_OUTDIR=cdk.out go run . (what scripts/examples.sh runs).
package main

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"
)

func main() {
	defer jsii.Close()

	app := awscdk.NewApp(nil)
	AddLifeExpectancyPipeline(BuildBankMesh(app, false))
	app.Synth(nil)
}
