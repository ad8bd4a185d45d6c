"""The insurance producer's life-expectancy pipeline (issue 16) in Python.

Bronze policyholder CSV -> silver (cleaned, typed, deduplicated Parquet) -> gold ``policyholder_life_expectancy``.
The same pipeline as examples/typescript/life-expectancy-pipeline.ts, on the same scripts, life table and contract
(examples/pipelines/life-expectancy/, docs/pipelines.md), so that the templates and their asset hashes are the same.
"""
from pathlib import Path

from cdk_data_mesh import DataContract, DataPipeline, GlueSparkStep, MedallionLayer

from bank_mesh import BankMesh

# The sample's folder: the PySpark scripts, the reference life table, the sample bronze data, the contract.
LIFE_EXPECTANCY_DIR = Path(__file__).resolve().parent.parent / "pipelines" / "life-expectancy"


def add_life_expectancy_pipeline(bank: BankMesh) -> DataPipeline:
    """Adds the life-expectancy pipeline to the insurance producer of ``bank``."""
    insurance = bank.producers["insurance"]

    def file(name: str) -> str:
        return str(LIFE_EXPECTANCY_DIR / name)

    transformation = file("life_expectancy.py")
    return DataPipeline(
        insurance.stack, "LifeExpectancyPipeline",
        producer=insurance.lake,
        # the data contract: the JSON file governance and producer apps share
        contract=DataContract.from_json((LIFE_EXPECTANCY_DIR / "contract.json").read_text(encoding="utf-8")),
        product=bank.hub.data_product("life_expectancy"),
        steps=[
            GlueSparkStep(
                name="clean",
                reads=MedallionLayer.BRONZE,
                writes=MedallionLayer.SILVER,
                script=file("glue_clean.py"),
                extra_python_modules=[transformation],
            ),
            GlueSparkStep(
                name="score",
                reads=MedallionLayer.SILVER,
                writes=MedallionLayer.GOLD,
                script=file("glue_score.py"),
                extra_python_modules=[transformation],
                extra_files=[file("reference/ssa_period_life_table_2017.csv")],
                arguments={"--life_table_path": "ssa_period_life_table_2017.csv"},
            ),
        ],
        schedule="cron(0 3 * * ? *)",
        run_on_new_bronze_objects=True,
    )
