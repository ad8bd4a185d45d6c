/*
 * An `iam.Grant` that carries its Lake Formation side (aws-iam's grants know only IAM): the statements go
 * to the real principal, unchanged, and the dependable each one reports is that principal's policy
 * *and* the Lake Formation grants, so that `grant.applyBefore(job)` makes the job wait for both.
 * Nothing changes in the template unless the user calls `applyBefore` (or depends on the grant).
 */
import * as iam from 'aws-cdk-lib/aws-iam';
import { DependencyGroup, IDependable } from 'constructs';

export class WithLakeFormationGrants implements iam.IPrincipal {
  public readonly grantPrincipal: iam.IPrincipal = this;
  public readonly assumeRoleAction: string;
  public readonly principalAccount?: string;

  /** `lakeFormation`: the `AWS::LakeFormation::PrincipalPermissions` (or a group of them) the grant also stands for. */
  constructor(private readonly inner: iam.IPrincipal, private readonly lakeFormation: IDependable) {
    this.assumeRoleAction = inner.assumeRoleAction;
    this.principalAccount = inner.principalAccount;
  }

  public get policyFragment(): iam.PrincipalPolicyFragment {
    return this.inner.policyFragment;
  }

  public addToPolicy(statement: iam.PolicyStatement): boolean {
    return this.addToPrincipalPolicy(statement).statementAdded;
  }

  public addToPrincipalPolicy(statement: iam.PolicyStatement): iam.AddToPrincipalPolicyResult {
    const added = this.inner.addToPrincipalPolicy(statement);
    if (!added.statementAdded || !added.policyDependable) return added;
    return { statementAdded: true, policyDependable: new DependencyGroup(added.policyDependable, this.lakeFormation) };
  }
}
