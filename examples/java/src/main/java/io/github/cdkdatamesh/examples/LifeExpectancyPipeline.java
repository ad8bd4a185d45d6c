package io.github.cdkdatamesh.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.github.cdkdatamesh.DataContract;
import io.github.cdkdatamesh.DataPipeline;
import io.github.cdkdatamesh.GlueSparkStep;
import io.github.cdkdatamesh.GlueSparkStepProps;
import io.github.cdkdatamesh.MedallionLayer;

/**
 * The insurance producer's life-expectancy pipeline (issue 16) in Java: bronze policyholder CSV -> silver (cleaned,
 * typed, deduplicated Parquet) -> gold {@code policyholder_life_expectancy}. The same pipeline as
 * examples/typescript/life-expectancy-pipeline.ts, on the same scripts, life table and contract
 * (examples/pipelines/life-expectancy/, docs/pipelines.md), so that the templates and their asset hashes are the same.
 */
public final class LifeExpectancyPipeline {
    /** The sample's folder, next to this app's folder (the app runs from its own folder, as {@code cdk synth} does). */
    public static final Path DIR = Path.of("..", "pipelines", "life-expectancy").toAbsolutePath().normalize();

    private LifeExpectancyPipeline() {
    }

    private static String file(final String name) {
        return DIR.resolve(name).toString();
    }

    /** Adds the life-expectancy pipeline to the insurance producer of {@code bank}. */
    public static DataPipeline add(final BankMesh.Built bank) {
        BankMesh.Producer insurance = bank.producers().get("insurance");
        String contractJson;
        try {
            // the data contract: the JSON file governance and producer apps share
            contractJson = Files.readString(DIR.resolve("contract.json"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String transformation = file("life_expectancy.py");
        return DataPipeline.Builder.create(insurance.stack(), "LifeExpectancyPipeline")
                .producer(insurance.lake())
                .contract(DataContract.fromJson(contractJson))
                .product(bank.hub().dataProduct("life_expectancy"))
                .steps(List.of(
                        new GlueSparkStep(GlueSparkStepProps.builder()
                                .name("clean")
                                .reads(MedallionLayer.BRONZE)
                                .writes(MedallionLayer.SILVER)
                                .script(file("glue_clean.py"))
                                .extraPythonModules(List.of(transformation))
                                .build()),
                        new GlueSparkStep(GlueSparkStepProps.builder()
                                .name("score")
                                .reads(MedallionLayer.SILVER)
                                .writes(MedallionLayer.GOLD)
                                .script(file("glue_score.py"))
                                .extraPythonModules(List.of(transformation))
                                .extraFiles(List.of(file("reference/ssa_period_life_table_2017.csv")))
                                .arguments(Map.of("--life_table_path", "ssa_period_life_table_2017.csv"))
                                .build())))
                .schedule("cron(0 3 * * ? *)")
                .runOnNewBronzeObjects(true)
                .build();
    }
}
