#!/usr/bin/env python3
"""`cdk synth` entry point: the reference bank mesh, with cdk-data-mesh installed from a wheel.

Without the cdk CLI: ``CDK_OUTDIR=cdk.out .venv/bin/python app.py`` (what scripts/examples.sh runs).
"""
import aws_cdk as cdk

from bank_mesh import build_bank_mesh

app = cdk.App()
build_bank_mesh(app)
app.synth()
