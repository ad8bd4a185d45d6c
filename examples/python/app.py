#!/usr/bin/env python3
"""`cdk synth` entry point: the reference bank mesh with the insurance producer's life-expectancy pipeline, with
cdk-data-mesh installed from a wheel (the same mesh as `npm run demo` in the repository).

Without the cdk CLI: ``CDK_OUTDIR=cdk.out .venv/bin/python app.py`` (what scripts/examples.sh runs).
"""
import aws_cdk as cdk

from bank_mesh import build_bank_mesh
from life_expectancy_pipeline import add_life_expectancy_pipeline

app = cdk.App()
add_life_expectancy_pipeline(build_bank_mesh(app))
app.synth()
