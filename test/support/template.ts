/*
 * One CloudFormation template as the construct tests read it: its resources, by type, by construct,
 * and ARNs rendered as text. Declared once here (the construct suites used to re-declare it).
 */
import { CfnElement, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { IConstruct } from 'constructs';

/** A resource of a synthesized template. */
export interface Res {
  Type: string;
  Properties?: any;
  DependsOn?: string[];
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
  Metadata?: any;
}
export type Resources = Record<string, Res>;

/** The resources of a stack's template. */
export const resourcesOf = (stack: Stack): Resources => Template.fromStack(stack).toJSON().Resources;

/** The resources of one type, as [logical ID, resource]. */
export const ofType = (resources: Resources, type: string): Array<[string, Res]> => Object.entries(resources).filter(([, r]) => r.Type === type);

/** The one resource of a type (fails the test when there are none or several). */
export function only(resources: Resources, type: string): [string, Res] {
  const all = ofType(resources, type);
  expect(all).toHaveLength(1);
  return all[0];
}

/** The logical ID of a construct's CloudFormation resource (the construct itself, or its default child). */
export function idOf(construct: IConstruct): string {
  const element = (construct instanceof CfnElement ? construct : construct.node.defaultChild) as CfnElement;
  return Stack.of(element).getLogicalId(element);
}

/** An ARN or URI as text, the partition resolved to `aws`, other references as `<Id>`/`<Id.Attr>`. */
export function render(v: any): string {
  if (typeof v === 'string') return v;
  if (Array.isArray(v['Fn::Join'])) return (v['Fn::Join'][1] as any[]).map(render).join(v['Fn::Join'][0]);
  if (v.Ref === 'AWS::Partition') return 'aws';
  if (v.Ref) return `<${v.Ref}>`;
  if (v['Fn::GetAtt']) return `<${v['Fn::GetAtt'].join('.')}>`;
  if (typeof v['Fn::Sub'] === 'string') return v['Fn::Sub'].replace(/\$\{AWS::Partition\}/g, 'aws');
  throw new Error(`cannot render ${JSON.stringify(v)}`);
}
