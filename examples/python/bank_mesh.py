"""The reference bank mesh (DESIGN.md) in Python.

Governance with the LF-tag ontology, the hub and its three data products, three shares; producers
``insurance`` and ``investments``; consumers ``bi``, ``ml`` and ``exec``. It synthesizes the same
templates as examples/typescript/bank-mesh.ts and the Java version in examples/java.
"""
from dataclasses import dataclass
from typing import Dict, Optional

from aws_cdk import App, Duration, RemovalPolicy, Stack
from cdk_data_mesh import (
    ColumnSchema,
    ColumnType,
    Confidentiality,
    ConsumerDomain,
    CrawlerOptions,
    DataConsumer,
    DataProducer,
    DataProductShare,
    GovernanceAccount,
    GovernanceHub,
    LfTagOntology,
    MeshDescription,
    PartitionKeySchema,
    PartitionProjection,
    ProducerDomain,
    QualityRule,
    TableSchema,
)

# One plain description of the whole mesh: every cross-account name derives from it.
BANK_MESH = MeshDescription(
    name="bank",
    governance=GovernanceAccount(account="111111111111", region="eu-west-1"),
    producers=[
        ProducerDomain(domain="insurance", account="222222222222", products=["life_expectancy", "claims"]),
        ProducerDomain(domain="investments", account="333333333333", products=["portfolios"]),
    ],
    consumers=[
        ConsumerDomain(domain="bi", account="444444444444"),
        ConsumerDomain(domain="ml", account="555555555555"),
        ConsumerDomain(domain="exec", account="666666666666"),
    ],
)


@dataclass(frozen=True)
class ConsumerRole:
    """A consumer's local role and its clearance."""

    name: str
    clearance: Confidentiality
    sage_maker: Optional[bool] = None


# The ML team never sees sensitive columns.
CONSUMER_ROLES = {
    "bi": ConsumerRole("analyst", Confidentiality.PUBLIC),
    "ml": ConsumerRole("data-scientist", Confidentiality.PRIVATE, sage_maker=True),
    "exec": ConsumerRole("executive", Confidentiality.SENSITIVE),
}


@dataclass(frozen=True)
class Producer:
    """A producer account's stack and its lake."""

    stack: Stack
    lake: DataProducer


@dataclass(frozen=True)
class BankMesh:
    """What ``build_bank_mesh`` made that additions to the mesh (the life-expectancy pipeline) build on."""

    hub: GovernanceHub
    producers: Dict[str, Producer]


def build_bank_mesh(app: App, *, destroy_data: bool = False) -> BankMesh:
    """Adds the bank mesh's stacks to ``app``. ``destroy_data`` is for demo accounts only."""
    removal_policy = RemovalPolicy.DESTROY if destroy_data else RemovalPolicy.RETAIN

    # Governance account: tags, catalog, products, shares.
    gov = Stack(app, "Governance", env=BANK_MESH.governance_env(),
                description="cdk-data-mesh reference mesh: governance")
    tags = LfTagOntology(gov, "Tags", mesh=BANK_MESH)
    hub = GovernanceHub(gov, "Hub", mesh=BANK_MESH, ontology=tags, removal_policy=removal_policy)

    life_expectancy = hub.add_data_product(
        "life_expectancy",
        owner="insurance-data@bank.example",
        team="insurance-actuarial",
        support_contact="https://chat.bank.example/insurance-data",
        update_frequency=Duration.days(1),
        freshness=Duration.hours(26),
        retention=Duration.days(3650),
        description="Life expectancy of policyholders, by policy.",
        tables=[TableSchema(
            name="policyholder_life_expectancy",
            columns=[
                ColumnSchema(name="policy_id", type=ColumnType.STRING),
                ColumnSchema(name="customer_name", type=ColumnType.STRING, confidentiality=Confidentiality.PRIVATE),
                ColumnSchema(name="age", type=ColumnType.INT),
                ColumnSchema(name="life_expectancy", type=ColumnType.DOUBLE, confidentiality=Confidentiality.SENSITIVE),
            ],
            quality_rules=[QualityRule.between("age", 18, 110), QualityRule.between("life_expectancy", 0, 100)],
        )],
    )
    claims = hub.add_data_product(
        "claims",
        owner="insurance-data@bank.example",
        team="insurance-claims",
        support_contact="claims-support@bank.example",
        update_frequency=Duration.days(1),
        freshness=Duration.hours(30),
        retention=Duration.days(2555),
        description="Insurance claims, partitioned by ingestion date.",
        tables=[TableSchema(
            name="claims",
            columns=[
                ColumnSchema(name="claim_id", type=ColumnType.STRING),
                ColumnSchema(name="policy_id", type=ColumnType.STRING),
                ColumnSchema(name="claim_date", type=ColumnType.DATE),
                ColumnSchema(name="amount", type=ColumnType.decimal(18, 2)),
                ColumnSchema(name="status", type=ColumnType.STRING),
                ColumnSchema(name="claimant_name", type=ColumnType.STRING, confidentiality=Confidentiality.PRIVATE),
            ],
            partition_keys=[PartitionKeySchema(
                name="ingest_date",
                type=ColumnType.STRING,
                projection=PartitionProjection.date(range="NOW-3YEARS,NOW"),
            )],
        )],
        crawler=CrawlerOptions(schedule="cron(0 3 * * ? *)"),
    )
    portfolios = hub.add_data_product(
        "portfolios",
        owner="investments-data@bank.example",
        team="investments-data-engineering",
        support_contact="investments-data@bank.example",
        update_frequency=Duration.hours(6),
        freshness=Duration.hours(8),
        retention=Duration.days(1825),
        description="Client portfolios and their risk.",
        tables=[TableSchema(
            name="portfolios",
            columns=[
                ColumnSchema(name="portfolio_id", type=ColumnType.STRING),
                ColumnSchema(name="client_name", type=ColumnType.STRING, confidentiality=Confidentiality.PRIVATE),
                ColumnSchema(name="asset_class", type=ColumnType.STRING),
                ColumnSchema(name="market_value", type=ColumnType.decimal(18, 2)),
                ColumnSchema(name="risk_score", type=ColumnType.DOUBLE, confidentiality=Confidentiality.SENSITIVE),
            ],
        )],
    )

    # Shares by LF-tag expression, one ceiling per consumer.
    DataProductShare(gov, "ToMl", hub=hub, consumer="ml", products=[life_expectancy],
                     max_confidentiality=Confidentiality.PRIVATE)
    DataProductShare(gov, "ToExec", hub=hub, consumer="exec", products=[life_expectancy, claims, portfolios],
                     max_confidentiality=Confidentiality.SENSITIVE, allow_sensitive=True)
    DataProductShare(gov, "ToBi", hub=hub, consumer="bi", products=[claims, portfolios],
                     max_confidentiality=Confidentiality.PUBLIC)

    # Producer accounts: medallion lakes; gold is reachable by the governance registration roles only.
    producers = {}
    for domain in BANK_MESH.producer_domains:
        stack = Stack(app, f"Producer-{domain}", env=BANK_MESH.producer_env(domain),
                      description=f"cdk-data-mesh reference mesh: producer '{domain}'")
        producers[domain] = Producer(stack, DataProducer(stack, "Lake", mesh=BANK_MESH, domain=domain,
                                                         removal_policy=removal_policy))

    # Consumer accounts: accept the shares, link them, re-grant by clearance.
    for domain in BANK_MESH.consumer_domains:
        stack = Stack(app, f"Consumer-{domain}", env=BANK_MESH.consumer_env(domain),
                      description=f"cdk-data-mesh reference mesh: consumer '{domain}'")
        consumer = DataConsumer(stack, "Consumer", mesh=BANK_MESH, domain=domain, removal_policy=removal_policy)
        role = CONSUMER_ROLES[domain]
        consumer.add_role(role.name, clearance=role.clearance, sage_maker=role.sage_maker)
    return BankMesh(hub, producers)
