package main

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"
	dm "github.com/cdk-data-mesh/cdk-data-mesh-go/cdkdatamesh"
)

func main() {
	defer jsii.Close()

	mesh := dm.NewMeshDescription(&dm.MeshDescriptionProps{
		Name:       jsii.String("bank"),
		Governance: &dm.GovernanceAccount{Account: jsii.String("111111111111"), Region: jsii.String("eu-west-1")},
		Producers: &[]*dm.ProducerDomain{
			{Domain: jsii.String("insurance"), Account: jsii.String("222222222222"), Products: jsii.Strings("life_expectancy")},
		},
		Consumers: &[]*dm.ConsumerDomain{{Domain: jsii.String("ml"), Account: jsii.String("555555555555")}},
	})
	app := awscdk.NewApp(nil)
	dm.MeshDoctor_Register(app, nil) // `cdk synth` fails on an access error the templates would cause

	// Governance: tags, catalog, products, shares.
	gov := awscdk.NewStack(app, jsii.String("Governance"), &awscdk.StackProps{Env: mesh.GovernanceEnv()})
	tags := dm.NewLfTagOntology(gov, jsii.String("Tags"), &dm.LfTagOntologyProps{Mesh: mesh})
	hub := dm.NewGovernanceHub(gov, jsii.String("Hub"), &dm.GovernanceHubProps{Mesh: mesh, Ontology: tags})
	lifeExpectancy := hub.AddDataProduct(jsii.String("life_expectancy"), &dm.DataProductOptions{
		Tables: &[]*dm.TableSchema{{
			Name: jsii.String("policyholder_life_expectancy"),
			Columns: &[]*dm.ColumnSchema{
				{Name: jsii.String("policy_id"), Type: dm.ColumnType_STRING()},
				{Name: jsii.String("customer_name"), Type: dm.ColumnType_STRING(), Confidentiality: dm.Confidentiality_PRIVATE},
				{Name: jsii.String("life_expectancy"), Type: dm.ColumnType_DOUBLE(), Confidentiality: dm.Confidentiality_SENSITIVE},
			},
		}},
	})
	dm.NewDataProductShare(gov, jsii.String("ToMl"), &dm.DataProductShareProps{
		Hub: hub, Consumer: jsii.String("ml"), Products: &[]dm.DataProduct{lifeExpectancy},
		MaxConfidentiality: dm.Confidentiality_PRIVATE,
	})

	// Producer: the medallion lake; gold is reachable by the governance registration role only.
	insurance := awscdk.NewStack(app, jsii.String("Insurance"), &awscdk.StackProps{Env: mesh.ProducerEnv(jsii.String("insurance"))})
	dm.NewDataProducer(insurance, jsii.String("Lake"), &dm.DataProducerProps{Mesh: mesh, Domain: jsii.String("insurance")})

	// Consumer: accept, link, re-grant by clearance.
	mlStack := awscdk.NewStack(app, jsii.String("Ml"), &awscdk.StackProps{Env: mesh.ConsumerEnv(jsii.String("ml"))})
	ml := dm.NewDataConsumer(mlStack, jsii.String("Consumer"), &dm.DataConsumerProps{Mesh: mesh, Domain: jsii.String("ml")})
	ml.AddRole(jsii.String("data-scientist"), &dm.ConsumerRoleOptions{Clearance: dm.Confidentiality_PRIVATE, SageMaker: jsii.Bool(true)})

	app.Synth(nil)
}
