import { DoctorFinding, finding, Rule } from '../context';
import { own } from '../own';

/**
 * Lambda runtime deprecation dates (AWS Lambda developer guide, "Lambda runtimes": supported and
 * deprecated runtimes). After its deprecation date a runtime gets no security patches, and Lambda later
 * blocks creating and updating functions on it; cfn-lint flags it.
 */
export const RUNTIME_DEPRECATION: Record<string, string> = {
  'nodejs': '2016-10-31',
  'nodejs4.3': '2020-03-05',
  'nodejs6.10': '2019-08-12',
  'nodejs8.10': '2020-03-06',
  'nodejs10.x': '2021-07-30',
  'nodejs12.x': '2023-03-31',
  'nodejs14.x': '2023-12-04',
  'nodejs16.x': '2024-06-12',
  'nodejs18.x': '2025-09-01',
  'nodejs20.x': '2026-04-30',
  'nodejs22.x': '2027-04-30',
  'nodejs24.x': '2028-04-30',
  'python2.7': '2021-07-15',
  'python3.6': '2022-07-18',
  'python3.7': '2023-12-04',
  'python3.8': '2024-10-14',
  'python3.9': '2025-12-15',
  'python3.10': '2026-06-30',
  'python3.11': '2026-06-30',
  'python3.12': '2028-10-31',
  'python3.13': '2029-06-30',
  'java8': '2024-01-08',
  'java8.al2': '2026-06-30',
  'java11': '2026-06-30',
  'java17': '2026-06-30',
  'java21': '2029-06-30',
  'dotnetcore1.0': '2019-07-30',
  'dotnetcore2.0': '2019-05-30',
  'dotnetcore2.1': '2022-01-05',
  'dotnetcore3.1': '2023-04-03',
  'dotnet5.0': '2022-05-10',
  'dotnet6': '2024-12-20',
  'dotnet7': '2024-05-14',
  'dotnet8': '2026-11-10',
  'ruby2.5': '2021-07-30',
  'ruby2.7': '2023-12-07',
  'ruby3.2': '2026-03-31',
  'ruby3.3': '2027-03-31',
  'go1.x': '2024-01-08',
  'provided': '2024-01-08',
  'provided.al2': '2026-06-30',
};

/** DM-41: Lambda functions of the assembly use runtimes that are not deprecated (nodejs20.x since April 30, 2026). */
export const rule: Rule = {
  id: 'DM-41',
  name: 'lambda-runtime',
  severity: 'error',
  description: 'No Lambda function uses a runtime past its deprecation date (e.g. nodejs20.x and older, python3.9 and older).',
  check(ctx) {
    const out: DoctorFinding[] = [];
    const today = ctx.now.toISOString().slice(0, 10);
    for (const r of ctx.ofType('AWS::Lambda::Function', 'AWS::Serverless::Function')) {
      const runtime = typeof r.props.Runtime === 'string' ? r.props.Runtime : undefined;
      const date = runtime ? own<string>(RUNTIME_DEPRECATION, runtime) : undefined;
      if (!date || date > today) continue;
      out.push(finding(this, r,
        `runtime ${runtime} is deprecated since ${date}: it gets no security patches, Lambda blocks creating and then updating functions on it, and cfn-lint flags it.`,
        'use a current runtime (e.g. nodejs22.x or later, python3.12 or later); with CDK, upgrade aws-cdk-lib for its own handlers.'));
    }
    return out;
  },
};
