/*
 * The reader: a cloud assembly (manifest.json + CloudFormation templates, nested assemblies of stages and
 * nested stacks included) as plain stacks. No aws-cdk-lib or construct import: it works on any assembly.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Resolver } from './resolver';
import type { StackTemplate } from './stack-template';

/** The assembly cannot be read: the CLI exits 1 with this message. */
export class AssemblyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AssemblyError';
  }
}

function readJson(file: string, what: string): any {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new AssemblyError(`cannot read ${what} ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new AssemblyError(`${what} ${file} is not valid JSON: ${(e as Error).message}`);
  }
}

/** Reads every CloudFormation stack of a cloud assembly directory (nested assemblies and nested stacks included). */
export function readAssembly(dir: string): StackTemplate[] {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    throw new AssemblyError(`${dir} is not a directory. Pass the output directory of 'cdk synth' (cdk.out).`);
  }
  const manifestPath = path.join(dir, 'manifest.json');
  if (!fs.existsSync(manifestPath)) {
    throw new AssemblyError(`${dir} is not a cloud assembly: ${manifestPath} does not exist. Run 'cdk synth' first, then pass its output directory (cdk.out).`);
  }
  const manifest = readJson(manifestPath, 'cloud assembly manifest');
  if (manifest === null || typeof manifest !== 'object' || Array.isArray(manifest)) {
    throw new AssemblyError(`cloud assembly manifest ${manifestPath} is not an object.`);
  }
  const stacks: StackTemplate[] = [];
  const artifacts = Object.entries<any>(manifest.artifacts ?? {});
  // The manifest names dependencies by artifact id; stacks are named by stack name everywhere else.
  const stackNames = new Map<string, string>();
  for (const [id, artifact] of artifacts) {
    if (artifact?.type === 'aws:cloudformation:stack') stackNames.set(id, artifact.properties?.stackName ?? id);
  }
  for (const [id, artifact] of artifacts) {
    if (artifact?.type === 'aws:cloudformation:stack') {
      const deps = stackDeps(artifact, stackNames);
      stacks.push(...readStackArtifact(dir, id, artifact, manifestPath, deps));
    } else if (artifact?.type === 'cdk:cloud-assembly') {
      stacks.push(...readAssembly(path.join(dir, artifact.properties?.directoryName ?? '')));
    }
  }
  return stacks;
}

/** One `aws:cloudformation:stack` artifact of a manifest, and its nested stacks. */
function readStackArtifact(dir: string, id: string, artifact: any, manifestPath: string, dependsOnStacks?: string[]): StackTemplate[] {
  const env = /^aws:\/\/([^/]+)\/(.+)$/.exec(artifact.environment ?? '') ?? [];
  const props = artifact.properties ?? {};
  if (typeof props.templateFile !== 'string') {
    throw new AssemblyError(`stack ${id} in ${manifestPath} names no templateFile.`);
  }
  const templatePath = path.join(dir, props.templateFile);
  const stack: StackTemplate = {
    stackName: props.stackName ?? id,
    account: env[1] ?? 'unknown-account',
    region: env[2] ?? 'unknown-region',
    template: readJson(templatePath, `template of stack ${id}`),
    deploymentRoleArn: typeof props.cloudFormationExecutionRoleArn === 'string' ? props.cloudFormationExecutionRoleArn : undefined,
    templatePath,
    dependsOnStacks,
  };
  return [stack, ...readNestedStacks(dir, stack)];
}

/**
 * The stacks of these template files (what a CDK validation plugin receives), with the account, region
 * and execution role the `manifest.json` next to each file gives its artifact.
 */
export function readTemplatePaths(templatePaths: string[]): StackTemplate[] {
  const stacks: StackTemplate[] = [];
  const manifests = new Map<string, any>();
  for (const file of templatePaths) {
    const dir = path.dirname(file);
    const manifestPath = path.join(dir, 'manifest.json');
    if (!manifests.has(dir)) manifests.set(dir, fs.existsSync(manifestPath) ? readJson(manifestPath, 'cloud assembly manifest') : {});
    const artifacts = Object.entries<any>(manifests.get(dir)?.artifacts ?? {});
    const found = artifacts.find(([, a]) => a?.type === 'aws:cloudformation:stack' && a.properties?.templateFile === path.basename(file));
    if (found) {
      const names = new Map<string, string>(artifacts.filter(([, a]) => a?.type === 'aws:cloudformation:stack').map(([id, a]) => [id, a.properties?.stackName ?? id]));
      const deps = stackDeps(found[1], names);
      stacks.push(...readStackArtifact(dir, found[0], found[1], manifestPath, deps));
    } else {
      const stack: StackTemplate = {
        stackName: path.basename(file).replace(/\.template\.json$/, ''),
        account: 'unknown-account',
        region: 'unknown-region',
        template: readJson(file, 'template'),
        templatePath: file,
      };
      stacks.push(stack, ...readNestedStacks(dir, stack));
    }
  }
  return stacks;
}

/** CDK nested stacks: `AWS::CloudFormation::Stack` resources whose template is an asset of the assembly. */
function readNestedStacks(dir: string, parent: StackTemplate): StackTemplate[] {
  const out: StackTemplate[] = [];
  const resolver = new Resolver(parent);
  for (const [logicalId, res] of Object.entries<any>(parent.template?.Resources ?? {})) {
    const file = res?.Metadata?.['aws:asset:path'];
    if (res?.Type !== 'AWS::CloudFormation::Stack' || typeof file !== 'string' || !fs.existsSync(path.join(dir, file))) continue;
    const nested: StackTemplate = {
      stackName: `${parent.stackName}-${logicalId}`,
      account: parent.account,
      region: parent.region,
      template: readJson(path.join(dir, file), `nested stack template of ${parent.stackName}/${logicalId}`),
      deploymentRoleArn: parent.deploymentRoleArn,
      parameters: resolver.resolve(res.Properties?.Parameters ?? {}),
      templatePath: path.join(dir, file),
      // A nested stack is created during its parent's deployment, after what the parent is deployed after.
      dependsOnStacks: [parent.stackName],
    };
    out.push(nested, ...readNestedStacks(dir, nested));
  }
  return out;
}

/** The stack names of an artifact's dependencies (artifact ids; asset manifests and other artifacts left out). */
function stackDeps(artifact: any, stackNames: Map<string, string>): string[] {
  const ids: string[] = Array.isArray(artifact.dependencies) ? artifact.dependencies : [];
  return ids.map(d => stackNames.get(d)).filter((d): d is string => d !== undefined);
}
