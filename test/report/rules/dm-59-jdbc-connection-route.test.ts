import { check, OWNER, stack } from './support/templates';
import { rule } from '../../../src/report/rules/dm-59-jdbc-connection-route';

interface Options { selfRule?: boolean; egress?: any[]; route?: 'endpoint' | 'nat' | 'igw' | 'none'; groups?: any[] }

function network(o: Options = {}) {
  const sgId = { 'Fn::GetAtt': ['Sg', 'GroupId'] };
  const resources: Record<string, any> = {
    Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } },
    Subnet: { Type: 'AWS::EC2::Subnet', Properties: { VpcId: { Ref: 'Vpc' }, CidrBlock: '10.0.0.0/24' } },
    Rt: { Type: 'AWS::EC2::RouteTable', Properties: { VpcId: { Ref: 'Vpc' } } },
    Assoc: { Type: 'AWS::EC2::SubnetRouteTableAssociation', Properties: { SubnetId: { Ref: 'Subnet' }, RouteTableId: { Ref: 'Rt' } } },
    Sg: { Type: 'AWS::EC2::SecurityGroup', Properties: { GroupDescription: 'glue', VpcId: { Ref: 'Vpc' }, ...(o.egress ? { SecurityGroupEgress: o.egress } : {}) } },
    Connection: {
      Type: 'AWS::Glue::Connection',
      Properties: {
        CatalogId: OWNER,
        ConnectionInput: {
          Name: 'claims',
          ConnectionType: 'JDBC',
          ConnectionProperties: { JDBC_CONNECTION_URL: 'jdbc:postgresql://db.internal:5432/claims', SECRET_ID: 'claims' },
          PhysicalConnectionRequirements: { SubnetId: { Ref: 'Subnet' }, SecurityGroupIdList: o.groups ?? [sgId], AvailabilityZone: 'eu-west-1a' },
        },
      },
    },
  };
  if (o.selfRule !== false) {
    resources.SelfRule = { Type: 'AWS::EC2::SecurityGroupIngress', Properties: { GroupId: sgId, IpProtocol: 'tcp', FromPort: 0, ToPort: 65535, SourceSecurityGroupId: sgId } };
  }
  const route = o.route ?? 'endpoint';
  if (route === 'endpoint') {
    resources.S3 = { Type: 'AWS::EC2::VPCEndpoint', Properties: { VpcId: { Ref: 'Vpc' }, ServiceName: 'com.amazonaws.eu-west-1.s3', VpcEndpointType: 'Gateway', RouteTableIds: [{ Ref: 'Rt' }] } };
  } else if (route === 'nat') {
    resources.Default = { Type: 'AWS::EC2::Route', Properties: { RouteTableId: { Ref: 'Rt' }, DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: 'nat-123' } };
  } else if (route === 'igw') {
    resources.Default = { Type: 'AWS::EC2::Route', Properties: { RouteTableId: { Ref: 'Rt' }, DestinationCidrBlock: '0.0.0.0/0', GatewayId: 'igw-123' } };
  }
  return [stack(OWNER, resources)];
}

test('a private subnet with an S3 gateway endpoint (or a NAT route) and a self-referencing group: nothing', () => {
  expect(check(rule, network())).toEqual([]);
  expect(check(rule, network({ route: 'nat' }))).toEqual([]);
});

test('no self-referencing all-TCP rule: an error', () => {
  const findings = check(rule, network({ selfRule: false }));
  expect(findings.map(f => [f.id, f.severity, f.logicalId])).toEqual([['DM-59', 'error', 'Connection']]);
  expect(findings[0].message).toContain('no self-referencing rule for all TCP ports');
});

test('a subnet without a route to S3, a public subnet: an error each', () => {
  expect(check(rule, network({ route: 'none' }))[0].message).toContain('has no route to Amazon S3');
  expect(check(rule, network({ route: 'igw' }))[0].message).toContain('is public (its default route is an internet gateway)');
});

test('egress restricted without the database port: an error; egress to 5432: nothing', () => {
  expect(check(rule, network({ egress: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '0.0.0.0/0' }] }))[0].message)
    .toContain('lets no TCP to port 5432');
  expect(check(rule, network({ egress: [{ IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, CidrIp: '10.0.0.0/16' }] }))).toEqual([]);
});
