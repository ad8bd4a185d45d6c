/*
 * The mesh doctor at synth time: a CDK policy validation plugin that runs the same rules as
 * `cdk-data-mesh report --check` on the templates `cdk synth` just wrote, and fails the synthesis on
 * errors with each finding's message and fix. This file may import aws-cdk-lib; the evaluator it calls
 * (src/report) does not.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as core from 'aws-cdk-lib';
import {
  IPolicyValidationContextBeta1, IPolicyValidationPluginBeta1, PolicyValidationPluginReportBeta1, PolicyViolationBeta1, Stage,
} from 'aws-cdk-lib';
import { analyzeStacks } from './report/analyze';
import { readTemplatePaths } from './report/assembly';
import { isIsoDate, TODAY_CONTEXT_KEY } from './report/expiry';
import { RULES } from './report/rules';

/** Options of the mesh doctor. */
export interface MeshDoctorProps {
  /**
   * Fail the synthesis on warnings too (not only on errors).
   *
   * @default false
   */
  readonly failOnWarnings?: boolean;

  /**
   * Show warnings: in the validation report when the synthesis fails, on stderr when it succeeds (CDK's
   * report lists failing plugins only). They fail the synthesis only with `failOnWarnings`.
   *
   * @default true
   */
  readonly reportWarnings?: boolean;

  /**
   * The day date-dependent rules judge by, `YYYY-MM-DD` (share expiries, DM-52; runtime deprecations, DM-41).
   *
   * @default - the stage's context value `cdk-data-mesh:today` (with `register`), else today (UTC)
   */
  readonly today?: string;
}

function packageVersion(): string {
  try {
    return JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')).version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

/**
 * Runs the mesh doctor's rules (docs/doctor.md: DM-01 to DM-41, IAM and data path included) on the
 * templates of every stack when the app synthesizes, and fails `cdk synth` on error findings.
 *
 * Register it with `MeshDoctor.register(app)`, which works without a deprecation warning in every
 * aws-cdk-lib the package supports (see `register`).
 *
 * @exampleMetadata nofixture
 * @example
 * import { App } from 'aws-cdk-lib';
 * import { MeshDoctor } from 'cdk-data-mesh';
 *
 * const app = new App();
 * MeshDoctor.register(app);
 */
export class MeshDoctor implements IPolicyValidationPluginBeta1 {
  /**
   * Creates a mesh doctor and registers it as a validation plugin of `stage` (an `App` or a `Stage`):
   * every `cdk synth` of the stage's stacks then runs it.
   *
   * aws-cdk-lib 2.251.0 and later register plugins with `Validations.of(stage).addPlugins()` and deprecate
   * the `policyValidationBeta1` prop (a warning on every synth); 2.197.0 to 2.250 have only that prop
   * (and `Stage#policyValidationBeta1`, the list it fills). This uses whichever the installed aws-cdk-lib
   * has, so one line works in all of them.
   *
   * @param stage the app or stage whose synthesis the doctor checks
   * @param props the doctor's options
   * @returns the registered doctor
   */
  public static register(stage: Stage, props: MeshDoctorProps = {}): MeshDoctor {
    const doctor = new MeshDoctor({ ...props, today: props.today ?? stage.node.tryGetContext(TODAY_CONTEXT_KEY) });
    const validations = (core as unknown as { Validations?: { of(scope: Stage): { addPlugins(...plugins: MeshDoctor[]): void } } }).Validations;
    if (validations) {
      validations.of(stage).addPlugins(doctor);
    } else {
      // 2.197.0-2.250.x: the stage's own list, which synthesis reads (not deprecated in those releases).
      stage.policyValidationBeta1.push(doctor);
    }
    return doctor;
  }

  /** The plugin's name in the validation report. */
  public readonly name: string = 'cdk-data-mesh doctor';
  /** The version of cdk-data-mesh. */
  public readonly version?: string;
  /** The pitfall ids the doctor checks. */
  public readonly ruleIds?: string[];
  private readonly failOnWarnings: boolean;
  private readonly reportWarnings: boolean;
  private readonly today?: string;

  constructor(props: MeshDoctorProps = {}) {
    this.failOnWarnings = props.failOnWarnings ?? false;
    this.reportWarnings = props.reportWarnings ?? true;
    if (props.today !== undefined && !isIsoDate(props.today)) {
      throw new Error(`MeshDoctor: today '${props.today}' is not a date. Give YYYY-MM-DD (or set the context value ${TODAY_CONTEXT_KEY}), or leave it unset for the real date.`);
    }
    this.today = props.today;
    this.version = packageVersion();
    this.ruleIds = [...new Set(RULES.map(r => r.id))];
  }

  /** Evaluates the templates CDK passes (with the manifest next to them) and reports the findings. */
  public validate(context: IPolicyValidationContextBeta1): PolicyValidationPluginReportBeta1 {
    const stacks = readTemplatePaths(context.templatePaths);
    const templateOf = new Map(stacks.map(s => [s.stackName, s.templatePath ?? '']));
    const { diagnostics, report } = analyzeStacks(stacks, { now: this.today !== undefined ? new Date(`${this.today}T12:00:00Z`) : undefined });
    const shown = diagnostics.filter(d => d.severity === 'error' || this.reportWarnings || this.failOnWarnings);
    const violations: PolicyViolationBeta1[] = shown.map(d => ({
      ruleName: d.rule ? `${d.id} ${d.rule}` : d.id,
      description: d.what,
      fix: d.fix,
      severity: d.severity,
      violatingResources: d.stackName && d.logicalId
        ? [{ resourceLogicalId: d.logicalId, templatePath: templateOf.get(d.stackName) ?? '', locations: [] }]
        : [],
    }));
    const errors = diagnostics.filter(d => d.severity === 'error').length;
    const warnings = diagnostics.length - errors;
    const notEffective = report.access.filter(a => !a.effective).length;
    const success = errors === 0 && (!this.failOnWarnings || warnings === 0);
    if (success && warnings > 0 && this.reportWarnings) {
      // CDK prints the report of failing plugins only: say the warnings ourselves.
      console.error([`${this.name}: ${warnings} warning${warnings > 1 ? 's' : ''} (not failing the synthesis; docs/doctor.md):`,
        ...diagnostics.map(d => `  WARNING ${d.id}: ${d.message}`)].join('\n'));
    }
    return {
      success,
      violations,
      pluginVersion: this.version ?? '0.0.0',
      metadata: {
        errors: String(errors),
        warnings: String(warnings),
        accessEntries: String(report.access.length),
        notEffective: String(notEffective),
      },
    };
  }
}
