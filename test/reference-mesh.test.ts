/*
 * The reference mesh of DESIGN.md (examples/typescript/bank-mesh.ts), synthesized and read back from its
 * templates: who sees which columns, against an expectation written by hand from the design (not from the
 * evaluator's output); then the doctor: no finding at all, every entry effective, and mutations of the
 * synthesized templates (bucket policy, key policy, IAM statements, ordering, settings) each produce the
 * finding (or the missing action) they should, and nothing else.
 */
import { MeshAccessReport } from '../src';
import { copyAssembly, deleteResource, editTemplate, evaluate, find, readTemplate, removeTmpDirs, Row, rows, synthBankMesh } from './support/assembly';
import { AccessReport, evaluateAssembly } from '../src/report/analyze';

describe('who sees which columns: the matrix written by hand from the design', () => {
  const GOV = '111111111111';
  const BI = '444444444444';
  const ML = '555555555555';
  const EXEC = '666666666666';
  const role = (account: string, name: string) => `arn:aws:iam::${account}:role/${name}`;

  // Columns by confidentiality, as the design declares them (bank-mesh.ts).
  const LIFE = { public: ['age', 'policy_id'], private: ['customer_name'], sensitive: ['life_expectancy'] };
  const CLAIMS = { public: ['amount', 'claim_date', 'claim_id', 'ingest_date', 'policy_id', 'status'], private: ['claimant_name'], sensitive: [] };
  const PORTFOLIOS = { public: ['asset_class', 'market_value', 'portfolio_id'], private: ['client_name'], sensitive: ['risk_score'] };
  type Levels = typeof LIFE;
  const upTo = (t: Levels, level: keyof Levels) => {
    const order: Array<keyof Levels> = ['public', 'private', 'sensitive'];
    return order.slice(0, order.indexOf(level) + 1).flatMap(l => t[l]).sort().join(',');
  };

  let dir: string;
  let report: AccessReport;
  let adminRole: string;
  /**
   * Whether the crawler's table grant includes SELECT. A crawler needs ALTER/DESCRIBE (and may be given
   * SELECT/INSERT); the governance hub decides, and the report must follow whichever it grants.
   */
  let crawlerSelects: boolean;

  beforeAll(() => {
    dir = synthBankMesh();
    report = evaluate(dir);
    // The governance admin role has no RoleName: CloudFormation generates `<stack>-<logical id>-<suffix>`; the report uses `<stack>-<logical id>`.
    const [adminId] = find(readTemplate(dir, 'Governance'), 'AWS::IAM::Role', p => String(p.Description).includes('governance admin'));
    adminRole = role(GOV, `Governance-${adminId}`);
    // The crawler and its grants live with claims, in the insurance shard of the governance stack (issue 13).
    const gov = readTemplate(dir, 'Governance-insurance');
    const [crawlerGrant] = find(gov, 'AWS::LakeFormation::PrincipalPermissions', p =>
      JSON.stringify(p.Principal).includes('CrawlerRole') && p.Resource?.Table?.TableWildcard !== undefined);
    crawlerSelects = gov.Resources[crawlerGrant].Properties.Permissions.some((x: string) => ['SELECT', 'ALL'].includes(x));
  }, 120_000);
  afterAll(removeTmpDirs);

  test('the matrix matches the hand-written expectation, row by row and column by column', () => {
    const deployer = role(GOV, 'cdk-hnb659fds-cfn-exec-role-111111111111-eu-west-1');
    const expected: Row[] = [
      // Governance: the admin checks every product in Athena (explicit grants, DM-27) ...
      [GOV, adminRole, 'bank_claims', 'claims', null, upTo(CLAIMS, 'sensitive')],
      [GOV, adminRole, 'bank_life_expectancy', 'policyholder_life_expectancy', null, upTo(LIFE, 'sensitive')],
      [GOV, adminRole, 'bank_portfolios', 'portfolios', null, upTo(PORTFOLIOS, 'sensitive')],
      // ... the crawler reads the one product it crawls, if its grant includes SELECT (see crawlerSelects) ...
      ...(crawlerSelects ? [[GOV, role(GOV, 'bank-crawler-claims'), 'bank_claims', 'claims', null, upTo(CLAIMS, 'sensitive')] as Row] : []),
      // ... and CloudFormation's execution role created the tables: LF gives a table's creator every permission on it.
      [GOV, deployer, 'bank_claims', 'claims', null, upTo(CLAIMS, 'sensitive')],
      [GOV, deployer, 'bank_life_expectancy', 'policyholder_life_expectancy', null, upTo(LIFE, 'sensitive')],
      [GOV, deployer, 'bank_portfolios', 'portfolios', null, upTo(PORTFOLIOS, 'sensitive')],
      // bi: claims and portfolios, public only; its analyst the same, through its resource links.
      [BI, BI, 'bank_claims', 'claims', null, upTo(CLAIMS, 'public')],
      [BI, BI, 'bank_portfolios', 'portfolios', null, upTo(PORTFOLIOS, 'public')],
      [BI, role(BI, 'bank-bi-analyst'), 'bank_claims', 'claims', 'bank_claims', upTo(CLAIMS, 'public')],
      [BI, role(BI, 'bank-bi-analyst'), 'bank_portfolios', 'portfolios', 'bank_portfolios', upTo(PORTFOLIOS, 'public')],
      // ml: life_expectancy up to private: policy_id, customer_name, age — never life_expectancy.
      [ML, ML, 'bank_life_expectancy', 'policyholder_life_expectancy', null, 'age,customer_name,policy_id'],
      [ML, role(ML, 'bank-ml-data-scientist'), 'bank_life_expectancy', 'policyholder_life_expectancy', 'bank_life_expectancy', 'age,customer_name,policy_id'],
      // exec: everything shared to it, up to sensitive.
      [EXEC, EXEC, 'bank_claims', 'claims', null, upTo(CLAIMS, 'sensitive')],
      [EXEC, EXEC, 'bank_life_expectancy', 'policyholder_life_expectancy', null, upTo(LIFE, 'sensitive')],
      [EXEC, EXEC, 'bank_portfolios', 'portfolios', null, upTo(PORTFOLIOS, 'sensitive')],
      [EXEC, role(EXEC, 'bank-exec-executive'), 'bank_claims', 'claims', 'bank_claims', upTo(CLAIMS, 'sensitive')],
      [EXEC, role(EXEC, 'bank-exec-executive'), 'bank_life_expectancy', 'policyholder_life_expectancy', 'bank_life_expectancy', upTo(LIFE, 'sensitive')],
      [EXEC, role(EXEC, 'bank-exec-executive'), 'bank_portfolios', 'portfolios', 'bank_portfolios', upTo(PORTFOLIOS, 'sensitive')],
    ];
    expect(rows(report)).toEqual(expected);
  });

  test('every entry names its consumer (from stack metadata), is effective and misses nothing; no findings', () => {
    const consumerOf: Record<string, string | null> = { [GOV]: null, [BI]: 'bi', [ML]: 'ml', [EXEC]: 'exec' };
    for (const a of report.access) {
      expect(a.consumer).toBe(consumerOf[a.account]);
      expect(a.rowFilter).toBeNull();
      expect(a.effective).toBe(true);
      expect(a.missing).toEqual([]);
    }
    expect(report.findings).toEqual([]);
  });

  test('the ML team never sees a sensitive column, bi never a private one', () => {
    const r = MeshAccessReport.fromAssemblyDirectory(dir);
    expect(r.columnsFor('ml', 'bank_life_expectancy', 'policyholder_life_expectancy')).toEqual(['age', 'customer_name', 'policy_id']);
    expect(r.canRead('ml', 'bank_life_expectancy', 'policyholder_life_expectancy', 'life_expectancy')).toBe(false);
    for (const [db, table, col] of [['bank_claims', 'claims', 'claimant_name'], ['bank_portfolios', 'portfolios', 'client_name'], ['bank_portfolios', 'portfolios', 'risk_score']]) {
      expect(r.canRead('bi', db, table, col)).toBe(false);
      expect(r.canRead('exec', db, table, col)).toBe(true);
    }
    expect(r.whoCanRead('bank_life_expectancy', 'policyholder_life_expectancy', 'life_expectancy')).toEqual([
      EXEC, adminRole, role(GOV, 'cdk-hnb659fds-cfn-exec-role-111111111111-eu-west-1'), role(EXEC, 'bank-exec-executive'),
    ].sort());
  });

  test('admins get no implicit SELECT (DM-27) and producers share nothing: no other principal appears', () => {
    const principals = new Set(report.access.map(a => a.principal));
    for (const stack of ['Consumer-bi', 'Consumer-ml', 'Consumer-exec', 'Producer-insurance', 'Producer-investments']) {
      const t = readTemplate(dir, stack);
      const [settingsId] = find(t, 'AWS::LakeFormation::DataLakeSettings', () => true);
      expect(t.Resources[settingsId].Properties.Admins.length).toBeGreaterThan(0);
    }
    expect([...principals].filter(p => /ConsumerAdminRole|LakeAdminRole|222222222222|333333333333/.test(p))).toEqual([]);
    expect(report.access.filter(a => ['222222222222', '333333333333'].includes(a.account))).toEqual([]);
  });
});

describe('the doctor: no finding, and mutations of the templates each give the finding they should', () => {
  const ML_ROLE = 'arn:aws:iam::555555555555:role/bank-ml-data-scientist';
  const BI_ROLE = 'arn:aws:iam::444444444444:role/bank-bi-analyst';
  const GOLD = 'bank-insurance-gold-222222222222-eu-west-1';
  const REGISTRATION = 'arn:aws:iam::111111111111:role/bank-lf-registration-insurance';

  let base: string;
  let baseline: AccessReport;

  beforeAll(() => {
    base = synthBankMesh();
    baseline = evaluateAssembly(base);
  }, 120_000);
  afterAll(removeTmpDirs);

  function mutate(stack: string, edit: (template: any) => void): AccessReport {
    const dir = copyAssembly(base);
    editTemplate(dir, stack, edit);
    return evaluateAssembly(dir);
  }

  const summary = (r: AccessReport) => r.findings.map(f => `${f.severity} ${f.id} ${f.message.split(':')[0]}`);
  const statementsOf = (t: any, id: string) => t.Resources[id].Properties.PolicyDocument.Statement as any[];
  /** Removes actions from every statement of a policy resource (and the statements left with none): whatever way the library groups them. */
  function removeActions(t: any, id: string, actions: string[]): void {
    const doc = t.Resources[id].Properties.PolicyDocument;
    doc.Statement = doc.Statement.flatMap((st: any) => {
      const list = [st.Action].flat().filter((a: string) => !actions.includes(a));
      if (list.length === 0) return [];
      return [{ ...st, Action: list.length === 1 ? list[0] : list }];
    });
  }
  const policyOfRole = (t: any, roleLogicalIdPart: string) => find(t, 'AWS::IAM::Policy', p => JSON.stringify(p.Roles).includes(roleLogicalIdPart))[0];
  const goldBucketPolicy = (t: any) => find(t, 'AWS::S3::BucketPolicy', p => JSON.stringify(p.Bucket).includes('LakeGoldBucket'))[0];
  const goldKey = (t: any) => find(t, 'AWS::KMS::Key', p => /gold/.test(p.Description))[0];
  /** The one registered location of the insurance producer: its gold bucket (issue 13, D39). */
  const insuranceLocations = ['error DM-12 Governance/HubLocationInsurance'];
  const prefix = (list: string[]) => list.map(s => s.replace(/[0-9A-F]{8}$/, ''));

  describe('the reference mesh', () => {
    test('has no finding: no error, and no warning either (nothing to justify)', () => {
      expect(baseline.findings).toEqual([]);
    });

    test('every entry is effective: the consumer roles (bi, ml, exec) and the governance admin have the IAM side of their queries', () => {
      const roles = baseline.access.filter(a => /:role\//.test(a.principal));
      expect(new Set(roles.filter(a => a.consumer !== null).map(a => a.principal))).toEqual(new Set([
        BI_ROLE, ML_ROLE, 'arn:aws:iam::666666666666:role/bank-exec-executive',
      ]));
      for (const a of baseline.access) expect([a.principal, a.effective, a.missing]).toEqual([a.principal, true, []]);
    });
  });

  describe('IAM statements of a consumer role', () => {
    test("removing the ml role's lakeformation:GetDataAccess: its entries are not effective and name it, with a DM-32 error; nothing else changes", () => {
      const report = mutate('Consumer-ml', t => {
        removeActions(t, policyOfRole(t, 'ConsumerRoleDataScientist'), ['lakeformation:GetDataAccess']);
      });
      const ml = report.access.filter(a => a.principal === ML_ROLE);
      expect(ml.map(a => [a.table, a.effective, a.missing])).toEqual([['policyholder_life_expectancy', false, ['lakeformation:GetDataAccess on *']]]);
      expect(report.access.filter(a => a.principal !== ML_ROLE)).toEqual(baseline.access.filter(a => a.principal !== ML_ROLE));
      expect(summary(report)).toEqual([expect.stringMatching(/^error DM-32 Consumer-ml\/ConsumerRoleDataScientist/)]);
      expect(report.findings[0].message).toContain('but IAM does not allow: lakeformation:GetDataAccess on *. Its queries fail with AccessDenied.');
    });

    test("narrowing the ml role's Glue statement to the owner catalog: the resource link's ARNs in the consumer catalog are missing", () => {
      const report = mutate('Consumer-ml', t => {
        const id = policyOfRole(t, 'ConsumerRoleDataScientist');
        const glue = statementsOf(t, id).find(s => JSON.stringify(s.Action).includes('glue:GetTable'));
        glue.Resource = glue.Resource.filter((r: any) => !JSON.stringify(r).includes('555555555555'));
      });
      const [ml] = report.access.filter(a => a.principal === ML_ROLE);
      expect(ml.missing).toEqual([
        'glue:GetDatabase on arn:aws:glue:eu-west-1:555555555555:catalog',
        'glue:GetDatabase on arn:aws:glue:eu-west-1:555555555555:database/bank_life_expectancy',
        'glue:GetTable on arn:aws:glue:eu-west-1:555555555555:catalog',
        'glue:GetTable on arn:aws:glue:eu-west-1:555555555555:database/bank_life_expectancy',
        'glue:GetTable on arn:aws:glue:eu-west-1:555555555555:table/bank_life_expectancy/policyholder_life_expectancy',
      ]);
    });

    test("removing the bi role's query-results key statement: every bi entry misses kms:GenerateDataKey and kms:Decrypt on the workgroup's key", () => {
      const report = mutate('Consumer-bi', t => {
        removeActions(t, policyOfRole(t, 'ConsumerRoleAnalyst'), ['kms:GenerateDataKey', 'kms:Decrypt']);
      });
      const bi = report.access.filter(a => a.principal === BI_ROLE);
      expect(bi.map(a => a.table)).toEqual(['claims', 'portfolios']);
      for (const a of bi) {
        expect(a.effective).toBe(false);
        expect(a.missing).toEqual([expect.stringMatching(/^kms:GenerateDataKey on arn:aws:kms:eu-west-1:444444444444:key\/\$\{ConsumerQueryResultsKey\w+\}$/), expect.stringMatching(/^kms:Decrypt on /)]);
      }
      expect(summary(report)).toEqual([expect.stringMatching(/^error DM-32 Consumer-bi\/ConsumerRoleAnalyst/)]);
    });
  });

  describe('data path of the registered gold locations', () => {
    test('the gold bucket policy without the object statement: DM-12 for the insurance location, naming the bucket policy', () => {
      const report = mutate('Producer-insurance', t => {
        removeActions(t, goldBucketPolicy(t), ['s3:GetObject', 's3:PutObject', 's3:DeleteObject']);
      });
      expect(prefix(summary(report))).toEqual(insuranceLocations);
      // Judged per table location under the registration (issue 15): both insurance tables fail, each named.
      expect(report.findings[0].message).toMatch(new RegExp(`cannot read 2 of the 2 tables under location arn:aws:s3:::${GOLD} through ${REGISTRATION} .*` +
        'the bucket policy of Producer-insurance/LakeGoldBucketPolicy\\w+ does not allow the role s3:GetObject, s3:PutObject, s3:DeleteObject on ' +
        `arn:aws:s3:::${GOLD}/life_expectancy/policyholder_life_expectancy/\\*, arn:aws:s3:::${GOLD}/claims/claims/\\*\\. ` +
        'Every query of these tables fails with AccessDenied: bank_life_expectancy.policyholder_life_expectancy, bank_claims.claims\\.'));
      expect(report.access).toEqual(baseline.access); // Lake Formation grants are unchanged: the data path is a finding, not an entry
    });

    test('the gold bucket policy allowing the role on the products\' prefixes only (not the rest of the bucket): no finding, every table is read', () => {
      // Lake Formation vends credentials for the location of the queried table (issue 15): the registration covers the whole
      // gold bucket (D39), the tables lie under <gold>/<product>/..., so access to those prefixes is all queries need.
      const products = baseline.access.map(a => a.database.replace(/^bank_/, ''));
      let narrowed = 0;
      const report = mutate('Producer-insurance', t => {
        for (const st of statementsOf(t, goldBucketPolicy(t))) {
          const resources = [st.Resource].flat();
          const objects = resources.find((r: any) => JSON.stringify(r).includes('/*'));
          if (!objects || st.Effect !== 'Allow') continue;
          const rewrite = (r: any, product: string) => JSON.parse(JSON.stringify(r).replace(/\/\*"/, `/${product}/*"`));
          st.Resource = [...new Set(products)].map(p => rewrite(objects, p));
          narrowed++;
        }
      });
      expect(narrowed).toBe(1);
      expect(report.findings).toEqual([]);
      expect(report.access).toEqual(baseline.access);
    });

    test('the bucket policy narrowed by aws:PrincipalArn to another role: DM-12 on s3:ListBucket', () => {
      const report = mutate('Producer-insurance', t => {
        for (const s of statementsOf(t, goldBucketPolicy(t))) if (s.Condition?.ArnEquals) s.Condition.ArnEquals['aws:PrincipalArn'] = 'arn:aws:iam::111111111111:role/someone-else';
      });
      expect(prefix(summary(report))).toEqual(insuranceLocations);
      expect(report.findings[0].message).toContain(`does not allow the role s3:ListBucket on arn:aws:s3:::${GOLD};`);
    });

    test('the gold key policy without the governance statement: DM-13 for the insurance location', () => {
      const report = mutate('Producer-insurance', t => {
        const policy = t.Resources[goldKey(t)].Properties.KeyPolicy;
        policy.Statement = policy.Statement.filter((s: any) => !s.Condition);
      });
      expect(prefix(summary(report))).toEqual(insuranceLocations.map(s => s.replace('DM-12', 'DM-13')));
      expect(report.findings[0].message).toMatch(/the key policy of Producer-insurance\/LakeGoldKey\w+ does not allow the role or its account kms:Decrypt, kms:GenerateDataKey, kms:Encrypt/);
    });

    test("the registration role's KMS statement on another alias (kms:ResourceAliases): DM-13 naming the gold key's alias", () => {
      const report = mutate('Governance', t => {
        const gold = statementsOf(t, policyOfRole(t, 'HubRegistrationInsurance')).find(s => s.Condition?.['ForAnyValue:StringEquals']);
        gold.Condition['ForAnyValue:StringEquals']['kms:ResourceAliases'] = 'alias/bank/insurance/silver';
      });
      expect(prefix(summary(report))).toEqual(insuranceLocations.map(s => s.replace('DM-12', 'DM-13')));
      expect(report.findings[0].message).toContain("the registration role's IAM policies do not allow, on the key (or on arn:…:kms:<region>:222222222222:key/* " +
        'with ForAnyValue:StringEquals kms:ResourceAliases alias/bank/insurance/gold), kms:Decrypt, kms:GenerateDataKey, kms:Encrypt');
    });

    test("the registration role's IAM policy without the product objects: DM-12 on the IAM side", () => {
      const report = mutate('Governance', t => {
        removeActions(t, policyOfRole(t, 'HubRegistrationInsurance'), ['s3:GetObject', 's3:PutObject', 's3:DeleteObject']);
      });
      expect(prefix(summary(report))).toEqual(insuranceLocations);
      expect(report.findings[0].message).toContain(`through ${REGISTRATION} (it vends credentials for each table's own location): the registration role's IAM policies ` +
        `do not allow s3:GetObject, s3:PutObject, s3:DeleteObject on arn:aws:s3:::${GOLD}/life_expectancy/policyholder_life_expectancy/*`);
    });
  });

  describe('deploy-time rules', () => {
    test('a consumer grant taken out of the DependsOn chain: DM-24', () => {
      const report = mutate('Consumer-exec', t => {
        // The consumer stack keeps the tag-expression re-grants (DATABASE and TABLE) and the discovery re-grants (D66); the links'
        // DESCRIBE grants are in its shards (issue 13).
        const grants = find(t, 'AWS::LakeFormation::PrincipalPermissions', p => JSON.stringify(p.Resource).includes('consumer_exec'), 2);
        // A grant after another one (the discovery re-grants, one per LF-tag value, sit in the chain too): out of the chain.
        const isGrant = (d: string) => t.Resources[d]?.Type === 'AWS::LakeFormation::PrincipalPermissions';
        const last = grants.find(id => (t.Resources[id].DependsOn ?? []).some(isGrant))!;
        t.Resources[last].DependsOn = t.Resources[last].DependsOn.filter((d: string) => !isGrant(d));
      });
      expect(summary(report)).toEqual([expect.stringMatching(/^error DM-24 Consumer-exec\/DataMeshLakeFormationGrantsGrant/)]);
    });

    test('a governance database giving IAM_ALLOWED_PRINCIPALS its tables, a consumer on CROSS_ACCOUNT_VERSION 3, the RAM handler on nodejs20.x', () => {
      const db = mutate('Governance-insurance', t => {
        const [id] = find(t, 'AWS::Glue::Database', p => p.DatabaseInput.Name === 'bank_claims');
        t.Resources[id].Properties.DatabaseInput.CreateTableDefaultPermissions = [{ Principal: { DataLakePrincipalIdentifier: 'IAM_ALLOWED_PRINCIPALS' }, Permissions: ['ALL'] }];
      });
      expect(summary(db)).toEqual([expect.stringMatching(/^error DM-04 Governance-insurance\/HubClaimsDatabase/)]);
      // IAM_ALLOWED_PRINCIPALS now reads every column of claims (any IAM principal of the account whose policies allow it).
      expect(db.access.filter(a => a.principal === 'IAM_ALLOWED_PRINCIPALS').map(a => a.table)).toEqual(['claims']);
      const version = mutate('Consumer-bi', t => {
        const [id] = find(t, 'AWS::LakeFormation::DataLakeSettings', () => true);
        t.Resources[id].Properties.Parameters.CROSS_ACCOUNT_VERSION = '3';
      });
      expect(summary(version)).toEqual([expect.stringMatching(/^error DM-06 Consumer-bi\/DataMeshLakeFormationSettings/)]);
      const runtime = mutate('Consumer-ml', t => {
        const [id] = find(t, 'AWS::Lambda::Function', () => true);
        t.Resources[id].Properties.Runtime = 'nodejs20.x';
      });
      expect(summary(runtime)).toEqual([expect.stringMatching(/^error DM-41 Consumer-ml\/DataMeshRamInvitationProvider/)]);
    });

    test('the crawler without Lake Formation credentials, or without its DATA_LOCATION_ACCESS grant: DM-15, DM-16', () => {
      const noLf = mutate('Governance-insurance', t => {
        const [id] = find(t, 'AWS::Glue::Crawler', () => true);
        delete t.Resources[id].Properties.LakeFormationConfiguration;
      });
      expect(summary(noLf)).toEqual([expect.stringMatching(/^error DM-15 Governance-insurance\/HubClaimsCrawler/)]);
      const noLocation = mutate('Governance-insurance', t => {
        const [id] = find(t, 'AWS::LakeFormation::PrincipalPermissions', p => p.Resource.DataLocation !== undefined);
        deleteResource(t, id);
      });
      expect(summary(noLocation)).toEqual([expect.stringMatching(/^error DM-16 Governance-insurance\/HubClaimsCrawler/)]);
      expect(noLocation.findings[0].message).toContain(`DATA_LOCATION_ACCESS on s3://${GOLD}/claims/`);
    });

    test('a share to ml that also grants ALTER, and the same share granted twice: DM-23, DM-25 (and DM-37: ALTER by an expression matching some columns only)', () => {
      const report = mutate('Governance', t => {
        const [id] = find(t, 'AWS::LakeFormation::PrincipalPermissions', p => p.Principal.DataLakePrincipalIdentifier === '555555555555' && p.Resource.LFTagPolicy?.ResourceType === 'TABLE' &&
          JSON.stringify(p.Resource).includes('consumer_ml'));
        t.Resources[id].Properties.Permissions.push('ALTER');
        t.Resources.DuplicateShare = { ...t.Resources[id], DependsOn: [id] };
      });
      expect(summary(report).map(s => s.replace(/Grants?Grant\w+$/, 'Grant'))).toEqual([
        'error DM-23 Governance/DataMeshLakeFormationGrant',
        'error DM-23 Governance/DuplicateShare',
        'error DM-24 Governance/DuplicateShare',
        'error DM-25 Governance/DuplicateShare',
        'warning DM-37 Governance/DataMeshLakeFormationGrant',
        'warning DM-37 Governance/DuplicateShare',
      ]);
    });
  });
});
