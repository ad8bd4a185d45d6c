import { Environment, Stack, Token } from 'aws-cdk-lib';
import { ErrorScope, throwValidationError } from './errors';


/**
 * Checks that `stack` is deployed where the mesh description places the construct: cross-account
 * names are derived from the description, so a stack in another account or an environment-agnostic
 * stack would grant the wrong principals (DM-36).
 */
export function checkStackEnv(scope: ErrorScope, stack: Stack, expected: Environment, role: string, envCall: string): void {
  const fix = `Create the stack with { env: ${envCall} }.`;
  if (Token.isUnresolved(stack.account) || Token.isUnresolved(stack.region)) {
    throwValidationError(scope, `stack '${stack.stackName}' is environment-agnostic, but the ${role} lives in account ${expected.account}, region ${expected.region}. ${fix}`);
  }
  if (stack.account !== expected.account || stack.region !== expected.region) {
    throwValidationError(scope, `stack '${stack.stackName}' is in account ${stack.account}, region ${stack.region}, but the mesh description places the ${role} ` +
      `in account ${expected.account}, region ${expected.region}. ${fix}`);
  }
}
