package main

// The insurance producer's life-expectancy pipeline (issue 16) in Go: bronze policyholder CSV -> silver (cleaned,
// typed, deduplicated Parquet) -> gold policyholder_life_expectancy. The same pipeline as
// examples/typescript/life-expectancy-pipeline.ts, on the same scripts, life table and contract
// (examples/pipelines/life-expectancy/, docs/pipelines.md), so that the templates and their asset hashes are the same.

import (
	"os"
	"path/filepath"

	"github.com/aws/jsii-runtime-go"
	"github.com/cdk-data-mesh/cdk-data-mesh-go/cdkdatamesh"
)

// pipelineDir is the sample's folder, next to this app's folder (the app runs from its own folder, as cdk synth does).
func pipelineDir() string {
	dir, err := filepath.Abs(filepath.Join("..", "pipelines", "life-expectancy"))
	if err != nil {
		panic(err)
	}
	return dir
}

// AddLifeExpectancyPipeline adds the life-expectancy pipeline to the insurance producer of bank.
func AddLifeExpectancyPipeline(bank BankMesh) cdkdatamesh.DataPipeline {
	insurance := bank.Producers["insurance"]
	dir := pipelineDir()
	file := func(name string) *string { return jsii.String(filepath.Join(dir, name)) }
	// the data contract: the JSON file governance and producer apps share
	contract, err := os.ReadFile(filepath.Join(dir, "contract.json"))
	if err != nil {
		panic(err)
	}
	transformation := file("life_expectancy.py")
	return cdkdatamesh.NewDataPipeline(insurance.Stack, jsii.String("LifeExpectancyPipeline"), &cdkdatamesh.DataPipelineProps{
		Producer: insurance.Lake,
		Contract: cdkdatamesh.DataContract_FromJson(jsii.String(string(contract))),
		Product:  bank.Hub.DataProduct(jsii.String("life_expectancy")),
		Steps: &[]cdkdatamesh.PipelineStep{
			cdkdatamesh.NewGlueSparkStep(&cdkdatamesh.GlueSparkStepProps{
				Name:               jsii.String("clean"),
				Reads:              cdkdatamesh.MedallionLayer_BRONZE,
				Writes:             cdkdatamesh.MedallionLayer_SILVER,
				Script:             file("glue_clean.py"),
				ExtraPythonModules: &[]*string{transformation},
			}),
			cdkdatamesh.NewGlueSparkStep(&cdkdatamesh.GlueSparkStepProps{
				Name:               jsii.String("score"),
				Reads:              cdkdatamesh.MedallionLayer_SILVER,
				Writes:             cdkdatamesh.MedallionLayer_GOLD,
				Script:             file("glue_score.py"),
				ExtraPythonModules: &[]*string{transformation},
				ExtraFiles:         &[]*string{file("reference/ssa_period_life_table_2017.csv")},
				Arguments:          &map[string]*string{"--life_table_path": jsii.String("ssa_period_life_table_2017.csv")},
			}),
		},
		Schedule:              jsii.String("cron(0 3 * * ? *)"),
		RunOnNewBronzeObjects: jsii.Bool(true),
	})
}
