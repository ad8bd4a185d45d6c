/*
 * The stateful baseline: random meshes (fixed seed) and, per stack, what decides a replacement of
 * each resource (type, policies and create-only properties: support/replacement-model.ts). Read by
 * stateful-baseline.test.ts; rewritten only on purpose (a release) with
 *   UPDATE_STATEFUL_BASELINE=1 npx jest test/property/stateful-baseline.test.ts
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildMesh, Libraries, MeshSpec } from './mesh-spec';
import { references, STATEFUL_TYPES } from '../support/cfn-update';
import { projectReplacing } from '../support/replacement-model';
import { Resources } from '../support/template';

export const BASELINE_FILE = path.join(__dirname, 'stateful-baseline.data.json');

export interface BaselineEntry {
  readonly spec: MeshSpec;
  /** Stack name -> its resources, projected. */
  readonly stacks: Record<string, Resources>;
}

/**
 * The stateful resources of `resources` (and what their create-only properties name, transitively:
 * a replacement of those propagates), reduced to what decides their replacement.
 */
export function project(resources: Resources): Resources {
  const out: Resources = {};
  const todo = Object.keys(resources).filter(id => STATEFUL_TYPES.includes(resources[id].Type));
  while (todo.length > 0) {
    const id = todo.pop()!;
    if (out[id] || !resources[id]) continue;
    const r = resources[id];
    const properties = projectReplacing(r.Type, r.Properties);
    references(properties).forEach(d => todo.push(d));
    out[id] = {
      Type: r.Type,
      ...(r.DeletionPolicy ? { DeletionPolicy: r.DeletionPolicy } : {}),
      ...(r.UpdateReplacePolicy ? { UpdateReplacePolicy: r.UpdateReplacePolicy } : {}),
      Properties: properties,
    };
  }
  return out;
}

/** The templates' resources of `spec` built with `libs`, by stack name; undefined if the library rejects the spec. */
export function synthesize(libs: Libraries, spec: MeshSpec, rejected?: (e: unknown) => void): Record<string, Resources> | undefined {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'mesh-synth-'));
  try {
    let built;
    try {
      built = buildMesh(libs, spec, outdir);
    } catch (e) {
      rejected?.(e);
      return undefined;
    }
    const assembly = built.app.synth();
    const out: Record<string, Resources> = {};
    // Every stack of the assembly, the shards the constructs create next to the user's stacks included (issue 13).
    for (const stack of assembly.stacks) out[stack.stackName] = stack.template.Resources;
    return out;
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}
