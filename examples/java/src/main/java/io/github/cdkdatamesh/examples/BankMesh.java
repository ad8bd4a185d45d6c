package io.github.cdkdatamesh.examples;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.cdkdatamesh.ColumnSchema;
import io.github.cdkdatamesh.ColumnType;
import io.github.cdkdatamesh.Confidentiality;
import io.github.cdkdatamesh.ConsumerDomain;
import io.github.cdkdatamesh.ConsumerRoleOptions;
import io.github.cdkdatamesh.CrawlerOptions;
import io.github.cdkdatamesh.DataConsumer;
import io.github.cdkdatamesh.DataProducer;
import io.github.cdkdatamesh.DataProduct;
import io.github.cdkdatamesh.DataProductOptions;
import io.github.cdkdatamesh.DataProductShare;
import io.github.cdkdatamesh.DatePartitionOptions;
import io.github.cdkdatamesh.GovernanceAccount;
import io.github.cdkdatamesh.GovernanceHub;
import io.github.cdkdatamesh.LfTagOntology;
import io.github.cdkdatamesh.MeshDescription;
import io.github.cdkdatamesh.PartitionKeySchema;
import io.github.cdkdatamesh.PartitionProjection;
import io.github.cdkdatamesh.ProducerDomain;
import io.github.cdkdatamesh.QualityRule;
import io.github.cdkdatamesh.TableSchema;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;

/**
 * The reference bank mesh (DESIGN.md) in Java: governance with the LF-tag ontology, the hub and its
 * three data products, three shares; producers {@code insurance} and {@code investments}; consumers
 * {@code bi}, {@code ml} and {@code exec}. It synthesizes the same templates as
 * examples/typescript/bank-mesh.ts and the Python version in examples/python.
 */
public final class BankMesh {
    /** One plain description of the whole mesh: every cross-account name derives from it. */
    public static final MeshDescription MESH = MeshDescription.Builder.create()
            .name("bank")
            .governance(GovernanceAccount.builder().account("111111111111").region("eu-west-1").build())
            .producers(List.of(
                    ProducerDomain.builder().domain("insurance").account("222222222222")
                            .products(List.of("life_expectancy", "claims")).build(),
                    ProducerDomain.builder().domain("investments").account("333333333333")
                            .products(List.of("portfolios")).build()))
            .consumers(List.of(
                    ConsumerDomain.builder().domain("bi").account("444444444444").build(),
                    ConsumerDomain.builder().domain("ml").account("555555555555").build(),
                    ConsumerDomain.builder().domain("exec").account("666666666666").build()))
            .build();

    /** A consumer's local role and its clearance. */
    record ConsumerRole(String name, ConsumerRoleOptions options) {
    }

    /** The ML team never sees sensitive columns. */
    static final Map<String, ConsumerRole> CONSUMER_ROLES = Map.of(
            "bi", new ConsumerRole("analyst", ConsumerRoleOptions.builder().clearance(Confidentiality.PUBLIC).build()),
            "ml", new ConsumerRole("data-scientist",
                    ConsumerRoleOptions.builder().clearance(Confidentiality.PRIVATE).sageMaker(true).build()),
            "exec", new ConsumerRole("executive", ConsumerRoleOptions.builder().clearance(Confidentiality.SENSITIVE).build()));

    private BankMesh() {
    }

    private static ColumnSchema column(final String name, final ColumnType type) {
        return ColumnSchema.builder().name(name).type(type).build();
    }

    private static ColumnSchema column(final String name, final ColumnType type, final Confidentiality confidentiality) {
        return ColumnSchema.builder().name(name).type(type).confidentiality(confidentiality).build();
    }

    /** A producer account's stack and its lake. */
    public record Producer(Stack stack, DataProducer lake) {
    }

    /** What {@link #build} made that additions to the mesh (the life-expectancy pipeline) build on. */
    public record Built(GovernanceHub hub, Map<String, Producer> producers) {
    }

    /** Adds the bank mesh's stacks to {@code app}; {@code destroyData} is for demo accounts only. */
    public static Built build(final App app, final boolean destroyData) {
        RemovalPolicy removalPolicy = destroyData ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN;

        // Governance account: tags, catalog, products, shares.
        Stack gov = Stack.Builder.create(app, "Governance")
                .env(MESH.governanceEnv())
                .description("cdk-data-mesh reference mesh: governance")
                .build();
        LfTagOntology tags = LfTagOntology.Builder.create(gov, "Tags").mesh(MESH).build();
        GovernanceHub hub = GovernanceHub.Builder.create(gov, "Hub")
                .mesh(MESH).ontology(tags).removalPolicy(removalPolicy)
                .build();

        DataProduct lifeExpectancy = hub.addDataProduct("life_expectancy", DataProductOptions.builder()
                .owner("insurance-data@bank.example")
                .team("insurance-actuarial")
                .supportContact("https://chat.bank.example/insurance-data")
                .updateFrequency(Duration.days(1))
                .freshness(Duration.hours(26))
                .retention(Duration.days(3650))
                .description("Life expectancy of policyholders, by policy.")
                .tables(List.of(TableSchema.builder()
                        .name("policyholder_life_expectancy")
                        .columns(List.of(
                                column("policy_id", ColumnType.STRING),
                                column("customer_name", ColumnType.STRING, Confidentiality.PRIVATE),
                                column("age", ColumnType.INT),
                                column("life_expectancy", ColumnType.DOUBLE, Confidentiality.SENSITIVE)))
                        .qualityRules(List.of(QualityRule.between("age", 18, 110), QualityRule.between("life_expectancy", 0, 100)))
                        .build()))
                .build());
        DataProduct claims = hub.addDataProduct("claims", DataProductOptions.builder()
                .owner("insurance-data@bank.example")
                .team("insurance-claims")
                .supportContact("claims-support@bank.example")
                .updateFrequency(Duration.days(1))
                .freshness(Duration.hours(30))
                .retention(Duration.days(2555))
                .description("Insurance claims, partitioned by ingestion date.")
                .tables(List.of(TableSchema.builder()
                        .name("claims")
                        .columns(List.of(
                                column("claim_id", ColumnType.STRING),
                                column("policy_id", ColumnType.STRING),
                                column("claim_date", ColumnType.DATE),
                                column("amount", ColumnType.decimal(18, 2)),
                                column("status", ColumnType.STRING),
                                column("claimant_name", ColumnType.STRING, Confidentiality.PRIVATE)))
                        .partitionKeys(List.of(PartitionKeySchema.builder()
                                .name("ingest_date")
                                .type(ColumnType.STRING)
                                .projection(PartitionProjection.date(DatePartitionOptions.builder().range("NOW-3YEARS,NOW").build()))
                                .build()))
                        .build()))
                .crawler(CrawlerOptions.builder().schedule("cron(0 3 * * ? *)").build())
                .build());
        DataProduct portfolios = hub.addDataProduct("portfolios", DataProductOptions.builder()
                .owner("investments-data@bank.example")
                .team("investments-data-engineering")
                .supportContact("investments-data@bank.example")
                .updateFrequency(Duration.hours(6))
                .freshness(Duration.hours(8))
                .retention(Duration.days(1825))
                .description("Client portfolios and their risk.")
                .tables(List.of(TableSchema.builder()
                        .name("portfolios")
                        .columns(List.of(
                                column("portfolio_id", ColumnType.STRING),
                                column("client_name", ColumnType.STRING, Confidentiality.PRIVATE),
                                column("asset_class", ColumnType.STRING),
                                column("market_value", ColumnType.decimal(18, 2)),
                                column("risk_score", ColumnType.DOUBLE, Confidentiality.SENSITIVE)))
                        .build()))
                .build());

        // Shares by LF-tag expression, one ceiling per consumer.
        DataProductShare.Builder.create(gov, "ToMl")
                .hub(hub).consumer("ml").products(List.of(lifeExpectancy))
                .maxConfidentiality(Confidentiality.PRIVATE)
                .build();
        DataProductShare.Builder.create(gov, "ToExec")
                .hub(hub).consumer("exec").products(List.of(lifeExpectancy, claims, portfolios))
                .maxConfidentiality(Confidentiality.SENSITIVE).allowSensitive(true)
                .build();
        DataProductShare.Builder.create(gov, "ToBi")
                .hub(hub).consumer("bi").products(List.of(claims, portfolios))
                .maxConfidentiality(Confidentiality.PUBLIC)
                .build();

        // Producer accounts: medallion lakes; gold is reachable by the governance registration roles only.
        Map<String, Producer> producers = new LinkedHashMap<>();
        for (String domain : MESH.getProducerDomains()) {
            Stack stack = Stack.Builder.create(app, "Producer-" + domain)
                    .env(MESH.producerEnv(domain))
                    .description("cdk-data-mesh reference mesh: producer '" + domain + "'")
                    .build();
            producers.put(domain, new Producer(stack,
                    DataProducer.Builder.create(stack, "Lake").mesh(MESH).domain(domain).removalPolicy(removalPolicy).build()));
        }

        // Consumer accounts: accept the shares, link them, re-grant by clearance.
        for (String domain : MESH.getConsumerDomains()) {
            Stack stack = Stack.Builder.create(app, "Consumer-" + domain)
                    .env(MESH.consumerEnv(domain))
                    .description("cdk-data-mesh reference mesh: consumer '" + domain + "'")
                    .build();
            DataConsumer consumer = DataConsumer.Builder.create(stack, "Consumer")
                    .mesh(MESH).domain(domain).removalPolicy(removalPolicy)
                    .build();
            ConsumerRole role = CONSUMER_ROLES.get(domain);
            consumer.addRole(role.name(), role.options());
        }
        return new Built(hub, producers);
    }
}
