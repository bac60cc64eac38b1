// The driver-interface seed (shared/seeds/driver-interface.md) on the local driver, no Docker: its Quick Start
// "Session Management" and its use cases 1 (Agent Execution Environment) and 3 (Batch Processing), each as the
// seed writes it — only `@openagent/*` is `@berth/*` and the seed's `DockerDriver` a `LocalDriver`. Lines marked
// `// (example)` are added to check the result and clean up. (The same programs run on mock and Docker in
// packages/session-manager/src/seeds; use case 2's `readonlyRootfs` is refused by the local driver, see its README.)
// Run: npm run build && bash scripts/run-examples.sh seed-driver-interface
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ContainerDriver } from '@berth/core';
import { LocalDriver } from '@berth/driver-local';
import { SessionManager } from '@berth/session-manager';

function check(condition: boolean, what: string): void {
  if (!condition) throw new Error(`unexpected result: ${what}`);
}

/** Quick Start, "Session Management", as written. */
async function sessionManagement(driver: ContainerDriver): Promise<void> {
  const sessionManager = new SessionManager(driver);
  try {
    // (example)
    // Create agent session
    const session = await sessionManager.createSession({
      agentType: 'code-executor',
      capabilities: ['python', 'javascript'],
      resourceRequirements: {
        cpu: 2,
        memory: 4096,
        disk: 10240,
      },
      timeout: 300000, // 5 minutes
    });

    // Execute code in session
    const result = await sessionManager.executeCode(session.id, {
      language: 'python',
      code: `
def analyze_data(data):
    return {
        'count': len(data),
        'average': sum(data) / len(data)
    }

result = analyze_data([1, 2, 3, 4, 5])
print(f"Analysis result: {result}")
  `,
      timeout: 30000,
    });

    console.log(result.output);
    check(result.output === "Analysis result: {'count': 5, 'average': 3.0}\n", `output ${result.output}`); // (example)

    // Cleanup session
    await sessionManager.cleanupSession(session.id);
    check((await driver.getContainer(session.containerId)) === null, 'the session container is removed'); // (example)
  } finally {
    await sessionManager.dispose(); // (example)
  }
}

/** Use case 1, "Agent Execution Environment", as written. */
async function agentExecutionEnvironment(driver: ContainerDriver) {
  // Create isolated environments for AI agents
  const agentContainer = await driver.createContainer({
    image: 'openagent/agent:latest',
    resources: {
      cpu: 4,
      memory: 8192,
      disk: 20480,
    },
    env: {
      AGENT_MODEL: 'gpt-4',
      MAX_TOKENS: '4000',
    },
  });
  return agentContainer; // (example)
}

/** Use case 3, "Batch Processing", as written. */
async function batchProcessing(driver: ContainerDriver) {
  // Process large datasets in parallel
  const workers = [];
  for (let i = 0; i < 5; i++) {
    const worker = await driver.createContainer({
      image: 'openagent/processor:latest',
      resources: {
        cpu: 2,
        memory: 4096,
        disk: 10240,
      },
      env: {
        WORKER_ID: i.toString(),
        BATCH_SIZE: '1000',
      },
    });
    workers.push(worker);
  }

  // Monitor parallel processing
  const statuses = await Promise.all(workers.map((worker) => driver.isContainerHealthy(worker.id)));
  return { workers, statuses }; // (example)
}

async function main(): Promise<void> {
  const home = mkdtempSync(join(tmpdir(), 'berth-seed-driver-interface-'));
  const driver = new LocalDriver({ home });
  try {
    await sessionManagement(driver);

    const agent = await agentExecutionEnvironment(driver);
    check(agent.resources.memoryMb === 8192, `agent memory ${String(agent.resources.memoryMb)} MiB`);
    console.log(`agent container ${agent.id}: memory ${String(agent.resources.memoryMb)} MiB`);

    const { workers, statuses } = await batchProcessing(driver);
    check(workers.length === 5, `${workers.length} workers`);
    check(
      statuses.every((healthy) => !healthy),
      `health of created, never started workers: ${String(statuses)}`,
    );
    console.log(`${workers.length} batch workers created; healthy: ${statuses.join(', ')}`);

    for (const c of [agent, ...workers]) await driver.removeContainer(c.id, { force: true });
    check((await driver.listContainers()).length === 0, 'every container removed');
    console.log('done');
  } finally {
    for (const c of await driver.listContainers().catch(() => [])) {
      await driver.removeContainer(c.id, { force: true }).catch(() => undefined);
    }
    await driver.dispose();
    rmSync(home, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
