import { CONSUMER, check, databaseLink, grant, messages, onDatabase, onTable, onTags, OTHER, OWNER, roleArn, stack } from './support/templates';
import { rule } from '../../../src/report/rules/dm-36-share-before-use';

const named = (name: string, resources: Record<string, any>, account: string, dependsOnStacks?: string[]) =>
  ({ ...stack(account, resources), stackName: name, dependsOnStacks });
const share = (name: string, resource: any, to = CONSUMER) => named(name, { Share: grant(to, resource, ['DESCRIBE', 'SELECT'], ['DESCRIBE', 'SELECT']) }, OWNER);
const link = (name: string, database: string, dependsOnStacks?: string[]) =>
  named(name, { Link: databaseLink(CONSUMER, database, OWNER, database) }, CONSUMER, dependsOnStacks);

test('a resource link in a consumer stack not deployed after the stack whose grant shares its target: an error naming both stacks and the fix', () => {
  expect(messages(check(rule, [share('Gov-claims', onDatabase(OWNER, 'claims')), link('Consumer-ml', 'claims')]))).toEqual([
    'Consumer-ml/Link: its resource link uses database claims of account 111122223333, which stack Gov-claims shares with account 444455556666, but stack ' +
    'Consumer-ml is not deployed after stack Gov-claims: deployed first or at the same time (cdk deploy --concurrency, a pipeline wave), it fails because ' +
    'the share is not there yet. Fix: make stack Consumer-ml depend on stack Gov-claims (stack.addDependency; in a pipeline, deploy it in a later wave or stage).',
  ]);
});

test('a re-grant of a shared table, and a tag-expression share: the consumer stack must come after them too', () => {
  const regrant = named('Consumer-ml', { Regrant: grant(roleArn(CONSUMER, 'analyst'), onTable(OWNER, 'claims', 'claim'), ['SELECT']) }, CONSUMER);
  const f = check(rule, [share('Gov', onTags(OWNER, { confidentiality: ['public'] })), regrant]);
  expect(messages(f)).toEqual([expect.stringMatching(/^Consumer-ml\/Regrant: its grant uses database claims of account 111122223333, which stack Gov shares/)]);
});

test('ordered through a chain of stacks, a share to another account, or another database: nothing', () => {
  expect(check(rule, [share('Gov', onDatabase(OWNER, 'claims')), named('Mid', {}, CONSUMER, ['Gov']), link('Consumer-ml', 'claims', ['Mid'])])).toEqual([]);
  expect(check(rule, [share('Gov', onDatabase(OWNER, 'claims'), OTHER), link('Consumer-ml', 'claims')])).toEqual([]);
  expect(check(rule, [share('Gov', onDatabase(OWNER, 'sales')), link('Consumer-ml', 'claims')])).toEqual([]);
});

test('each missing order once per pair of stacks, however many links need it', () => {
  const links = named('Consumer-ml', {
    A: databaseLink(CONSUMER, 'claims', OWNER, 'claims'),
    B: databaseLink(CONSUMER, 'claims', OWNER, 'claims'),
  }, CONSUMER);
  expect(check(rule, [share('Gov', onDatabase(OWNER, 'claims')), links])).toHaveLength(1);
});
