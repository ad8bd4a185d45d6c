import type { DoctorContext } from '../context';
import { DoctorFinding, finding, Rule } from '../context';
import type { ResolvedResource } from '../resolver';

/** Whether an ingress rule opens all TCP ports (or all traffic). */
function allTcp(rule: any): boolean {
  const protocol = String(rule?.IpProtocol ?? '');
  return protocol === '-1' || (protocol.toLowerCase() === 'tcp' && Number(rule?.FromPort) === 0 && Number(rule?.ToPort) === 65535);
}

/** Whether an egress rule lets TCP to `port` out. */
function allowsPort(rule: any, port: number): boolean {
  const protocol = String(rule?.IpProtocol ?? '');
  return protocol === '-1' || (protocol.toLowerCase() === 'tcp' && Number(rule?.FromPort) <= port && Number(rule?.ToPort) >= port);
}

interface Group {
  readonly ingress: any[];
  /** Undefined when the template does not restrict egress (the default: all traffic). */
  readonly egress?: any[];
}

/** The security group a resolved id names, with its rules (inline and standalone), if the assembly defines it or adds rules to it. */
function groupOf(ctx: DoctorContext, stackName: string, id: string): Group | undefined {
  const own = ctx.ofType('AWS::EC2::SecurityGroup').find(r => r.stack.stackName === stackName && r.resolver.resolve({ 'Fn::GetAtt': [r.logicalId, 'GroupId'] }) === id);
  const standalone = (type: string) => ctx.ofType(type).filter(r => r.stack.stackName === stackName && r.props.GroupId === id).map(r => r.props);
  const ingress = [...(own && Array.isArray(own.props.SecurityGroupIngress) ? own.props.SecurityGroupIngress : []), ...standalone('AWS::EC2::SecurityGroupIngress')];
  const egressList = [...(own && Array.isArray(own.props.SecurityGroupEgress) ? own.props.SecurityGroupEgress : []), ...standalone('AWS::EC2::SecurityGroupEgress')];
  if (!own && ingress.length === 0) return undefined;
  // CloudFormation's default egress is all traffic unless the template lists rules (CDK writes a disallow-all placeholder then).
  return { ingress, egress: own && (Array.isArray(own.props.SecurityGroupEgress) || egressList.length > 0) ? egressList : undefined };
}

/** How a subnet of the assembly reaches Amazon S3: 'endpoint', 'nat', 'internet-gateway' or 'none'; undefined when not in the assembly. */
function s3Route(ctx: DoctorContext, stackName: string, subnetId: string): 'endpoint' | 'nat' | 'internet-gateway' | 'none' | undefined {
  const same = (r: ResolvedResource) => r.stack.stackName === stackName;
  const subnet = ctx.ofType('AWS::EC2::Subnet').find(r => same(r) && r.resolver.resolve({ Ref: r.logicalId }) === subnetId);
  if (!subnet) return undefined;
  const tables = ctx.ofType('AWS::EC2::SubnetRouteTableAssociation').filter(r => same(r) && r.props.SubnetId === subnetId).map(r => r.props.RouteTableId);
  if (tables.length === 0) return 'none';
  const endpoint = ctx.ofType('AWS::EC2::VPCEndpoint').some(r => same(r) && /\.s3$/.test(String(r.props.ServiceName ?? ''))
    && (r.props.VpcEndpointType ?? 'Gateway') === 'Gateway' && (Array.isArray(r.props.RouteTableIds) ? r.props.RouteTableIds : []).some((t: any) => tables.includes(t)));
  if (endpoint) return 'endpoint';
  const routes = ctx.ofType('AWS::EC2::Route').filter(r => same(r) && tables.includes(r.props.RouteTableId) && r.props.DestinationCidrBlock === '0.0.0.0/0');
  if (routes.some(r => r.props.NatGatewayId || r.props.TransitGatewayId || r.props.NetworkInterfaceId || r.props.InstanceId)) return 'nat';
  if (routes.some(r => r.props.GatewayId)) return 'internet-gateway';
  return 'none';
}

/**
 * DM-59 (Glue developer guide, "Setting up network access to data stores"): a JDBC connection's network interfaces
 * are created in its subnet with its security groups and no public IP address. One group must allow all TCP from
 * itself (Glue refuses the connection otherwise), egress must let the database's port out, and the subnet must reach
 * Amazon S3 (a gateway endpoint or a NAT gateway; an internet gateway is no route for an interface without a public IP).
 */
export const rule: Rule = {
  id: 'DM-59',
  name: 'jdbc-connection-route',
  severity: 'error',
  description: 'A Glue JDBC connection in a VPC has a security group with a self-referencing all-TCP ingress rule, egress to the database port, and a subnet with a route to S3 (gateway endpoint or NAT).',
  check(ctx) {
    const out: DoctorFinding[] = [];
    for (const r of ctx.ofType('AWS::Glue::Connection')) {
      const input = r.props.ConnectionInput ?? {};
      if (String(input.ConnectionType ?? '').toUpperCase() !== 'JDBC') continue;
      const physical = input.PhysicalConnectionRequirements;
      if (!physical) continue;
      const url = String(input.ConnectionProperties?.JDBC_CONNECTION_URL ?? '');
      const m = /^jdbc:([a-z0-9]+):\/\/[^/:]+(?::(\d+))?\//.exec(url);
      const defaults: Record<string, number> = { postgresql: 5432, mysql: 3306, sqlserver: 1433, oracle: 1521 };
      const port = m ? Number(m[2] ?? defaults[m[1]] ?? NaN) : NaN;
      const ids: string[] = (Array.isArray(physical.SecurityGroupIdList) ? physical.SecurityGroupIdList : []).map((id: any) => String(id));
      const groups = ids.map(id => ({ id, g: groupOf(ctx, r.stack.stackName, id) }));
      const known = groups.filter(x => x.g !== undefined);
      if (groups.length === 0) {
        out.push(finding(this, r, 'JDBC connection has a subnet but no security group: Glue cannot create its network interfaces.',
          'set PhysicalConnectionRequirements.SecurityGroupIdList to a group with a self-referencing all-TCP ingress rule.'));
      } else if (known.length === groups.length && !known.some(x => x.g!.ingress.some(i => allTcp(i) && i.SourceSecurityGroupId === x.id))) {
        out.push(finding(this, r,
          `JDBC connection's security groups (${ids.join(', ')}) have no self-referencing rule for all TCP ports: Glue refuses the connection ` +
          '("At least one security group must open all ingress ports"), and the job\'s workers cannot talk to each other.',
          'add an ingress rule to the group: all TCP (0-65535) from the group itself (JdbcSource adds it).'));
      }
      if (Number.isFinite(port)) {
        for (const { id, g } of known) {
          if (!g) continue;
          if (g.egress !== undefined && !g.egress.some(e => allowsPort(e, port))) {
            out.push(finding(this, r, `JDBC connection's security group ${id} restricts egress and lets no TCP to port ${port} (${url}) out: the job cannot reach the database.`,
              `allow egress to the database on TCP ${port} (and to S3 over 443).`));
          }
        }
      }
      const subnet = physical.SubnetId === undefined ? undefined : String(physical.SubnetId);
      const route = subnet === undefined ? undefined : s3Route(ctx, r.stack.stackName, subnet);
      if (route === 'none' || route === 'internet-gateway') {
        out.push(finding(this, r,
          route === 'none'
            ? `JDBC connection's subnet ${subnet} has no route to Amazon S3 (no S3 gateway endpoint and no NAT route in its route table): the job cannot load its script or write its output.`
            : `JDBC connection's subnet ${subnet} is public (its default route is an internet gateway): Glue's network interfaces get no public IP address, so the job reaches neither S3 nor a database outside the VPC.`,
          'place the connection in a private subnet whose route table has an S3 gateway endpoint or a NAT gateway route.'));
      }
    }
    return out;
  },
};
