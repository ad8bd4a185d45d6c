/*
 * The mesh doctor's rules: one per file (cdk-nag's layout), each a small pure function of the context.
 * Helpers they share live in support/. docs/doctor.md lists every rule.
 */
import type { DoctorContext, DoctorFinding, Rule } from '../context';
import { rule as dm01DeployerNotAdmin } from './dm-01-deployer-not-admin';
import { rule as dm01NoSettings } from './dm-01-no-settings';
import { rule as dm01SettingsBeforeGrants } from './dm-01-settings-before-grants';
import { rule as dm01SettingsStackOrder } from './dm-01-settings-stack-order';
import { rule as dm02AppendSettings } from './dm-02-append-settings';
import { rule as dm03AdminLifecycle } from './dm-03-admin-lifecycle';
import { rule as dm04DatabaseDefaults } from './dm-04-database-defaults';
import { rule as dm04SettingsDefaults } from './dm-04-settings-defaults';
import { rule as dm06CrossAccountVersion } from './dm-06-cross-account-version';
import { rule as dm06CrossAccountVersionUnset } from './dm-06-cross-account-version-unset';
import { rule as dm09ServiceLinkedRole } from './dm-09-service-linked-role';
import { rule as dm10RegistrationAfterRolePolicy } from './dm-10-registration-after-role-policy';
import { rule as dm11Partition } from './dm-11-partition';
import { rule as dm12DataPathUnchecked } from './dm-12-data-path-unchecked';
import { rule as dm12LocationBucketAccess } from './dm-12-location-bucket-access';
import { rule as dm13LocationKeyAccess } from './dm-13-location-key-access';
import { rule as dm14LocationNotRegistered } from './dm-14-location-not-registered';
import { rule as dm15CrawlerLfCredentials } from './dm-15-crawler-lf-credentials';
import { rule as dm16CrawlerGrantOrder } from './dm-16-crawler-grant-order';
import { rule as dm16CrawlerGrants } from './dm-16-crawler-grants';
import { rule as dm17ColumnTags } from './dm-17-column-tags';
import { rule as dm18TagDependency } from './dm-18-tag-dependency';
import { rule as dm19TagValues } from './dm-19-tag-values';
import { rule as dm20TagAssociationShape } from './dm-20-tag-association-shape';
import { rule as dm21TagOwner } from './dm-21-tag-owner';
import { rule as dm22RegrantCapped } from './dm-22-regrant-capped';
import { rule as dm22RegrantNotHeld } from './dm-22-regrant-not-held';
import { rule as dm22Reshare } from './dm-22-reshare';
import { rule as dm22TagRegrantNotGrantable } from './dm-22-tag-regrant-not-grantable';
import { rule as dm23ForbiddenCrossAccount } from './dm-23-forbidden-cross-account';
import { rule as dm24SerializeGrants } from './dm-24-serialize-grants';
import { rule as dm24SerializeStacks } from './dm-24-serialize-stacks';
import { rule as dm25DuplicateGrants } from './dm-25-duplicate-grants';
import { rule as dm26LegacyPermissions } from './dm-26-legacy-permissions';
import { rule as dm28GrantDependency } from './dm-28-grant-dependency';
import { rule as dm30ConsumerAdmin } from './dm-30-consumer-admin';
import { rule as dm30LinkTargetNotShared } from './dm-30-link-target-not-shared';
import { rule as dm31CatalogIds } from './dm-31-catalog-ids';
import { rule as dm32AssumedConditions } from './dm-32-assumed-conditions';
import { rule as dm32QueryPermissions } from './dm-32-query-permissions';
import { rule as dm35HybridAccess } from './dm-35-hybrid-access';
import { rule as dm36CrossEnvironmentImport } from './dm-36-cross-environment-import';
import { rule as dm36ShareBeforeUse } from './dm-36-share-before-use';
import { rule as dm37PartialColumnWrite } from './dm-37-partial-column-write';
import { rule as dm38NamedGrantQuota } from './dm-38-named-grant-quota';
import { rule as dm40DuplicateSettings } from './dm-40-duplicate-settings';
import { rule as dm41LambdaRuntime } from './dm-41-lambda-runtime';
import { rule as dm42IamPolicySize } from './dm-42-iam-policy-size';
import { rule as dm43ShareNeverMade } from './dm-43-share-never-made';
import { rule as dm44PrincipalNotArn } from './dm-44-principal-not-arn';
import { rule as dm44UnresolvedPrincipal } from './dm-44-unresolved-principal';
import { rule as dm45GrantThroughLink } from './dm-45-grant-through-link';
import { rule as dm46ContractQualityNotGated } from './dm-46-contract-quality-not-gated';
import { rule as dm47DiscoveryGrant } from './dm-47-discovery-grant';
import { rule as dm48OptedOutDiscoverable } from './dm-48-opted-out-discoverable';
import { rule as dm49PipelineWriterGrant } from './dm-49-pipeline-writer-grant';
import { rule as dm50PipelineOutputLocation } from './dm-50-pipeline-output-location';
import { rule as dm51PipelineReadsOtherGold } from './dm-51-pipeline-reads-other-gold';
import { rule as dm52ShareExpiring } from './dm-52-share-expiring';
import { rule as dm53ShareExpired } from './dm-53-share-expired';
import { rule as dm58SourceReadsCurated } from './dm-58-source-reads-curated';
import { rule as dm59JdbcConnectionRoute } from './dm-59-jdbc-connection-route';
import { rule as dm60FirehoseSchemaPermissions } from './dm-60-firehose-schema-permissions';
import { rule as dm61SftpUserJail } from './dm-61-sftp-user-jail';
import { rule as dm62FirehoseBuffer } from './dm-62-firehose-buffer';

/** Every rule, in catalog order (assumed-conditions last: it reports what the others assumed). */
export const RULES: Rule[] = [
  dm01SettingsBeforeGrants,
  dm01SettingsStackOrder, dm01DeployerNotAdmin, dm01NoSettings,
  dm02AppendSettings,
  dm03AdminLifecycle,
  dm04SettingsDefaults, dm04DatabaseDefaults,
  dm06CrossAccountVersion, dm06CrossAccountVersionUnset,
  dm09ServiceLinkedRole,
  dm10RegistrationAfterRolePolicy,
  dm11Partition,
  dm12LocationBucketAccess, dm12DataPathUnchecked,
  dm13LocationKeyAccess,
  dm14LocationNotRegistered,
  dm15CrawlerLfCredentials,
  dm16CrawlerGrants, dm16CrawlerGrantOrder,
  dm17ColumnTags,
  dm18TagDependency,
  dm19TagValues,
  dm20TagAssociationShape,
  dm21TagOwner,
  dm22Reshare, dm22RegrantNotHeld, dm22TagRegrantNotGrantable, dm22RegrantCapped,
  dm23ForbiddenCrossAccount,
  dm24SerializeGrants,
  dm24SerializeStacks,
  dm25DuplicateGrants,
  dm26LegacyPermissions,
  dm28GrantDependency,
  dm30ConsumerAdmin, dm30LinkTargetNotShared,
  dm31CatalogIds,
  dm32QueryPermissions,
  dm35HybridAccess,
  dm36CrossEnvironmentImport,
  dm36ShareBeforeUse,
  dm37PartialColumnWrite,
  dm38NamedGrantQuota,
  dm40DuplicateSettings,
  dm41LambdaRuntime,
  dm42IamPolicySize,
  dm43ShareNeverMade,
  dm44PrincipalNotArn, dm44UnresolvedPrincipal,
  dm45GrantThroughLink,
  dm46ContractQualityNotGated,
  dm47DiscoveryGrant,
  dm48OptedOutDiscoverable,
  dm49PipelineWriterGrant,
  dm50PipelineOutputLocation,
  dm51PipelineReadsOtherGold,
  dm52ShareExpiring, dm53ShareExpired,
  dm58SourceReadsCurated,
  dm59JdbcConnectionRoute,
  dm60FirehoseSchemaPermissions,
  dm61SftpUserJail,
  dm62FirehoseBuffer,
  dm32AssumedConditions,
];

/** Runs rules over a context; findings sorted errors first, then by id and message (stable whatever the order of stacks). */
export function runRules(ctx: DoctorContext, rules: Rule[] = RULES): DoctorFinding[] {
  const findings = rules.flatMap(r => r.check(ctx));
  const rank = (f: DoctorFinding) => `${f.severity === 'error' ? 0 : 1}|${f.id}|${f.message}`;
  return findings.sort((a, b) => (rank(a) < rank(b) ? -1 : rank(a) > rank(b) ? 1 : 0));
}
