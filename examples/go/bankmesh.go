package main

// The reference bank mesh (DESIGN.md) in Go: governance with the LF-tag ontology, the hub and its three data
// products, three shares; producers insurance and investments; consumers bi, ml and exec. It synthesizes the
// same templates as examples/typescript/bank-mesh.ts and the Python and Java versions (scripts/examples.sh).

import (
	"fmt"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdk-data-mesh/cdk-data-mesh-go/cdkdatamesh"
)

// bankMesh is the one plain description of the whole mesh: every cross-account name derives from it.
var bankMesh = cdkdatamesh.NewMeshDescription(&cdkdatamesh.MeshDescriptionProps{
	Name:       jsii.String("bank"),
	Governance: &cdkdatamesh.GovernanceAccount{Account: jsii.String("111111111111"), Region: jsii.String("eu-west-1")},
	Producers: &[]*cdkdatamesh.ProducerDomain{
		{Domain: jsii.String("insurance"), Account: jsii.String("222222222222"), Products: jsii.Strings("life_expectancy", "claims")},
		{Domain: jsii.String("investments"), Account: jsii.String("333333333333"), Products: jsii.Strings("portfolios")},
	},
	Consumers: &[]*cdkdatamesh.ConsumerDomain{
		{Domain: jsii.String("bi"), Account: jsii.String("444444444444")},
		{Domain: jsii.String("ml"), Account: jsii.String("555555555555")},
		{Domain: jsii.String("exec"), Account: jsii.String("666666666666")},
	},
})

// consumerRole is a consumer's local role and its clearance.
type consumerRole struct {
	name    string
	options cdkdatamesh.ConsumerRoleOptions
}

// consumerRoles: the ML team never sees sensitive columns.
var consumerRoles = map[string]consumerRole{
	"bi":   {"analyst", cdkdatamesh.ConsumerRoleOptions{Clearance: cdkdatamesh.Confidentiality_PUBLIC}},
	"ml":   {"data-scientist", cdkdatamesh.ConsumerRoleOptions{Clearance: cdkdatamesh.Confidentiality_PRIVATE, SageMaker: jsii.Bool(true)}},
	"exec": {"executive", cdkdatamesh.ConsumerRoleOptions{Clearance: cdkdatamesh.Confidentiality_SENSITIVE}},
}

// Producer is a producer account's stack and its lake.
type Producer struct {
	Stack awscdk.Stack
	Lake  cdkdatamesh.DataProducer
}

// BankMesh is what BuildBankMesh made that additions to the mesh (the life-expectancy pipeline) build on.
type BankMesh struct {
	Hub       cdkdatamesh.GovernanceHub
	Producers map[string]Producer
}

// column is a public column, or one of the confidentiality given.
func column(name string, columnType cdkdatamesh.ColumnType, confidentiality ...cdkdatamesh.Confidentiality) *cdkdatamesh.ColumnSchema {
	c := &cdkdatamesh.ColumnSchema{Name: jsii.String(name), Type: columnType}
	if len(confidentiality) > 0 {
		c.Confidentiality = confidentiality[0]
	}
	return c
}

// BuildBankMesh adds the bank mesh's stacks to app; destroyData is for demo accounts only.
func BuildBankMesh(app awscdk.App, destroyData bool) BankMesh {
	removalPolicy := awscdk.RemovalPolicy_RETAIN
	if destroyData {
		removalPolicy = awscdk.RemovalPolicy_DESTROY
	}

	// Governance account: tags, catalog, products, shares.
	gov := awscdk.NewStack(app, jsii.String("Governance"), &awscdk.StackProps{
		Env:         bankMesh.GovernanceEnv(),
		Description: jsii.String("cdk-data-mesh reference mesh: governance"),
	})
	tags := cdkdatamesh.NewLfTagOntology(gov, jsii.String("Tags"), &cdkdatamesh.LfTagOntologyProps{Mesh: bankMesh})
	hub := cdkdatamesh.NewGovernanceHub(gov, jsii.String("Hub"), &cdkdatamesh.GovernanceHubProps{
		Mesh: bankMesh, Ontology: tags, RemovalPolicy: removalPolicy,
	})

	lifeExpectancy := hub.AddDataProduct(jsii.String("life_expectancy"), &cdkdatamesh.DataProductOptions{
		Owner: jsii.String("insurance-data@bank.example"),
		// The contract's metadata (issue 18): in the catalog for DESCRIBE, in the exported ODCS contract.
		Team:            jsii.String("insurance-actuarial"),
		SupportContact:  jsii.String("https://chat.bank.example/insurance-data"),
		UpdateFrequency: awscdk.Duration_Days(jsii.Number(1)),
		Freshness:       awscdk.Duration_Hours(jsii.Number(26)),
		Retention:       awscdk.Duration_Days(jsii.Number(3650)),
		Description:     jsii.String("Life expectancy of policyholders, by policy."),
		Tables: &[]*cdkdatamesh.TableSchema{{
			Name: jsii.String("policyholder_life_expectancy"),
			Columns: &[]*cdkdatamesh.ColumnSchema{
				column("policy_id", cdkdatamesh.ColumnType_STRING()),
				column("customer_name", cdkdatamesh.ColumnType_STRING(), cdkdatamesh.Confidentiality_PRIVATE),
				column("age", cdkdatamesh.ColumnType_INT()),
				column("life_expectancy", cdkdatamesh.ColumnType_DOUBLE(), cdkdatamesh.Confidentiality_SENSITIVE),
			},
			QualityRules: &[]cdkdatamesh.QualityRule{
				cdkdatamesh.QualityRule_Between(jsii.String("age"), jsii.Number(18), jsii.Number(110)),
				cdkdatamesh.QualityRule_Between(jsii.String("life_expectancy"), jsii.Number(0), jsii.Number(100)),
			},
		}},
	})
	claims := hub.AddDataProduct(jsii.String("claims"), &cdkdatamesh.DataProductOptions{
		Owner:           jsii.String("insurance-data@bank.example"),
		Team:            jsii.String("insurance-claims"),
		SupportContact:  jsii.String("claims-support@bank.example"),
		UpdateFrequency: awscdk.Duration_Days(jsii.Number(1)),
		Freshness:       awscdk.Duration_Hours(jsii.Number(30)),
		Retention:       awscdk.Duration_Days(jsii.Number(2555)),
		Description:     jsii.String("Insurance claims, partitioned by ingestion date."),
		Tables: &[]*cdkdatamesh.TableSchema{{
			Name: jsii.String("claims"),
			Columns: &[]*cdkdatamesh.ColumnSchema{
				column("claim_id", cdkdatamesh.ColumnType_STRING()),
				column("policy_id", cdkdatamesh.ColumnType_STRING()),
				column("claim_date", cdkdatamesh.ColumnType_DATE()),
				column("amount", cdkdatamesh.ColumnType_Decimal(jsii.Number(18), jsii.Number(2))),
				column("status", cdkdatamesh.ColumnType_STRING()),
				column("claimant_name", cdkdatamesh.ColumnType_STRING(), cdkdatamesh.Confidentiality_PRIVATE),
			},
			PartitionKeys: &[]*cdkdatamesh.PartitionKeySchema{{
				Name:       jsii.String("ingest_date"),
				Type:       cdkdatamesh.ColumnType_STRING(),
				Projection: cdkdatamesh.PartitionProjection_Date(&cdkdatamesh.DatePartitionOptions{Range: jsii.String("NOW-3YEARS,NOW")}),
			}},
		}},
		Crawler: &cdkdatamesh.CrawlerOptions{Schedule: jsii.String("cron(0 3 * * ? *)")},
	})
	portfolios := hub.AddDataProduct(jsii.String("portfolios"), &cdkdatamesh.DataProductOptions{
		Owner:           jsii.String("investments-data@bank.example"),
		Team:            jsii.String("investments-data-engineering"),
		SupportContact:  jsii.String("investments-data@bank.example"),
		UpdateFrequency: awscdk.Duration_Hours(jsii.Number(6)),
		Freshness:       awscdk.Duration_Hours(jsii.Number(8)),
		Retention:       awscdk.Duration_Days(jsii.Number(1825)),
		Description:     jsii.String("Client portfolios and their risk."),
		Tables: &[]*cdkdatamesh.TableSchema{{
			Name: jsii.String("portfolios"),
			Columns: &[]*cdkdatamesh.ColumnSchema{
				column("portfolio_id", cdkdatamesh.ColumnType_STRING()),
				column("client_name", cdkdatamesh.ColumnType_STRING(), cdkdatamesh.Confidentiality_PRIVATE),
				column("asset_class", cdkdatamesh.ColumnType_STRING()),
				column("market_value", cdkdatamesh.ColumnType_Decimal(jsii.Number(18), jsii.Number(2))),
				column("risk_score", cdkdatamesh.ColumnType_DOUBLE(), cdkdatamesh.Confidentiality_SENSITIVE),
			},
		}},
	})

	// Shares by LF-tag expression, one ceiling per consumer.
	cdkdatamesh.NewDataProductShare(gov, jsii.String("ToMl"), &cdkdatamesh.DataProductShareProps{
		Hub: hub, Consumer: jsii.String("ml"), Products: &[]cdkdatamesh.DataProduct{lifeExpectancy},
		MaxConfidentiality: cdkdatamesh.Confidentiality_PRIVATE,
	})
	cdkdatamesh.NewDataProductShare(gov, jsii.String("ToExec"), &cdkdatamesh.DataProductShareProps{
		Hub: hub, Consumer: jsii.String("exec"), Products: &[]cdkdatamesh.DataProduct{lifeExpectancy, claims, portfolios},
		MaxConfidentiality: cdkdatamesh.Confidentiality_SENSITIVE, AllowSensitive: jsii.Bool(true),
	})
	cdkdatamesh.NewDataProductShare(gov, jsii.String("ToBi"), &cdkdatamesh.DataProductShareProps{
		Hub: hub, Consumer: jsii.String("bi"), Products: &[]cdkdatamesh.DataProduct{claims, portfolios},
		MaxConfidentiality: cdkdatamesh.Confidentiality_PUBLIC,
	})

	// Producer accounts: medallion lakes; gold is reachable by the governance registration roles only.
	producers := map[string]Producer{}
	for _, domain := range *bankMesh.ProducerDomains() {
		stack := awscdk.NewStack(app, jsii.String("Producer-"+*domain), &awscdk.StackProps{
			Env:         bankMesh.ProducerEnv(domain),
			Description: jsii.String(fmt.Sprintf("cdk-data-mesh reference mesh: producer '%s'", *domain)),
		})
		lake := cdkdatamesh.NewDataProducer(stack, jsii.String("Lake"), &cdkdatamesh.DataProducerProps{
			Mesh: bankMesh, Domain: domain, RemovalPolicy: removalPolicy,
		})
		producers[*domain] = Producer{Stack: stack, Lake: lake}
	}

	// Consumer accounts: accept the shares, link them, re-grant by clearance.
	for _, domain := range *bankMesh.ConsumerDomains() {
		stack := awscdk.NewStack(app, jsii.String("Consumer-"+*domain), &awscdk.StackProps{
			Env:         bankMesh.ConsumerEnv(domain),
			Description: jsii.String(fmt.Sprintf("cdk-data-mesh reference mesh: consumer '%s'", *domain)),
		})
		consumer := cdkdatamesh.NewDataConsumer(stack, jsii.String("Consumer"), &cdkdatamesh.DataConsumerProps{
			Mesh: bankMesh, Domain: domain, RemovalPolicy: removalPolicy,
		})
		role := consumerRoles[*domain]
		consumer.AddRole(jsii.String(role.name), &role.options)
	}
	return BankMesh{Hub: hub, Producers: producers}
}
