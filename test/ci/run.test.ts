/*
 * .ci/run bounds a step that is a shell function with a watchdog (timeout cannot run a function). The
 * watchdog's `sleep` must end with the step: it used to outlive every step by 25 minutes, holding CI's
 * file descriptors. Runs the script's own run_logged on a quick step and on one the watchdog stops.
 */
import { spawnSync } from 'child_process';
import * as path from 'path';

const RUN = path.join(__dirname, '..', '..', '.ci', 'run');

test('no sleep of the watchdog (nor of a stopped step) outlives a step', () => {
  const script = `
    set -uo pipefail
    eval "$(sed -n '/^run_logged()/,/^}/p' "$1")"
    quick() { echo hi; }
    slow() { sleep 47.3; }
    log=$(mktemp)
    CI_STEP_TIMEOUT=4337 run_logged "$log" quick; echo "quick $?"
    CI_STEP_TIMEOUT=1.37 run_logged "$log" slow; echo "slow $?"
    rm -f "$log"
    sleep 0.3
    echo "left: $(pgrep -f -x 'sleep (4337|1\.37|47\.3)' | tr '\\n' ' ')"`;
  // With the old watchdog the surviving sleep held stdout open: spawnSync waited for it (bounded here).
  const r = spawnSync('bash', ['-c', script, 'bash', RUN], { encoding: 'utf8', timeout: 20_000 });
  expect(r.stderr).toBe('');
  expect(r.stdout.trim().split('\n')).toEqual(['quick 0', 'slow 143', 'left:']);
}, 30_000);
