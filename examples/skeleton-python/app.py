from aws_cdk import App, Stack
from cdk_data_mesh import (ColumnSchema, ColumnType, Confidentiality, ConsumerDomain, DataConsumer, DataProducer,
                           DataProductShare, GovernanceAccount, GovernanceHub, LfTagOntology, MeshDescription,
                           MeshDoctor, ProducerDomain, TableSchema)

mesh = MeshDescription(
    name="bank",
    governance=GovernanceAccount(account="111111111111", region="eu-west-1"),
    producers=[ProducerDomain(domain="insurance", account="222222222222", products=["life_expectancy"])],
    consumers=[ConsumerDomain(domain="ml", account="555555555555")],
)
app = App()
MeshDoctor.register(app)  # `cdk synth` fails on an access error the templates would cause

# Governance: tags, catalog, products, shares.
gov = Stack(app, "Governance", env=mesh.governance_env())
tags = LfTagOntology(gov, "Tags", mesh=mesh)
hub = GovernanceHub(gov, "Hub", mesh=mesh, ontology=tags)
life_expectancy = hub.add_data_product(
    "life_expectancy",
    tables=[TableSchema(name="policyholder_life_expectancy", columns=[
        ColumnSchema(name="policy_id", type=ColumnType.STRING),
        ColumnSchema(name="customer_name", type=ColumnType.STRING, confidentiality=Confidentiality.PRIVATE),
        ColumnSchema(name="life_expectancy", type=ColumnType.DOUBLE, confidentiality=Confidentiality.SENSITIVE),
    ])],
)
DataProductShare(gov, "ToMl", hub=hub, consumer="ml", products=[life_expectancy],
                 max_confidentiality=Confidentiality.PRIVATE)

# Producer: the medallion lake; gold is reachable by the governance registration role only.
DataProducer(Stack(app, "Insurance", env=mesh.producer_env("insurance")), "Lake", mesh=mesh, domain="insurance")

# Consumer: accept, link, re-grant by clearance.
ml = DataConsumer(Stack(app, "Ml", env=mesh.consumer_env("ml")), "Consumer", mesh=mesh, domain="ml")
ml.add_role("data-scientist", clearance=Confidentiality.PRIVATE, sage_maker=True)

app.synth()
