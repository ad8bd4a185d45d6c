package io.github.cdkdatamesh.examples;

import software.amazon.awscdk.App;

/**
 * {@code cdk synth} entry point: the reference bank mesh with the insurance producer's life-expectancy pipeline,
 * with cdk-data-mesh from Maven (the same mesh as {@code npm run demo} in the repository).
 *
 * <p>Without the cdk CLI: {@code CDK_OUTDIR=cdk.out mvn -q compile exec:java} (what scripts/examples.sh runs).
 */
public final class BankMeshApp {
    private BankMeshApp() {
    }

    public static void main(final String[] args) {
        App app = new App();
        LifeExpectancyPipeline.add(BankMesh.build(app, false));
        app.synth();
    }
}
