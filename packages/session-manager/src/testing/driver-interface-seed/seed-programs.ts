/**
 * The example programs of the driver-interface seed (`shared/seeds/driver-interface.md`), copied as they are
 * written there with only the package names changed (`@openagent/*` → `@berth/*`). Each is wrapped in a function
 * that receives what the seed takes from its surroundings (`driver`, a `console`, the seed's undefined
 * `setupHealthChecks`) and returns its local values so a test can look at them; lines added for that are marked
 * `// (test)`. Nothing else is changed.
 */
import {
  CircuitBreaker,
  type ContainerConfig,
  type ContainerDriver,
  ContainerError,
  ContainerTimeoutError,
  ResourceLimitError,
  RetryHandler,
} from '@berth/core';
import { SessionManager } from '@berth/session-manager';

/** What the programs print to. */
export interface SeedConsole {
  /** `console.log`. */
  log(...args: unknown[]): void;
  /** `console.error`. */
  error(...args: unknown[]): void;
}

/** The seed's Quick Start, "Basic Usage". */
export async function quickStart(driver: ContainerDriver, console: SeedConsole) {
  // Create container configuration
  const config: ContainerConfig = {
    sessionId: 'session-123',
    image: 'openagent/agent:latest',
    command: [],
    env: {
      NODE_ENV: 'production',
      AGENT_TYPE: 'code-executor',
    },
    labels: {},
    resources: {
      cpu: 2,
      memory: 4096,
      disk: 10240,
      pids: 100,
    },
    volumes: [
      {
        source: '/workspace',
        target: '/workspace',
        readOnly: false,
        type: 'bind',
      },
    ],
    network: 'openagent-network',
    security: {
      readOnly: false,
      noNewPrivileges: true,
      user: 'openagent',
      capabilities: {
        drop: ['ALL'],
        add: [],
      },
    },
  };

  // Create and start container
  const container = await driver.createContainer(config);
  await driver.startContainer(container.id);

  // Get container logs
  const logs = await driver.getContainerLogs(container.id);
  console.log('Container logs:', logs);

  // Check container health
  const isHealthy = await driver.isContainerHealthy(container.id);
  console.log('Container healthy:', isHealthy);

  // Stop and cleanup
  await driver.stopContainer(container.id);
  await driver.removeContainer(container.id);

  return { config, container, logs, isHealthy }; // (test)
}

/** The seed's Quick Start, "Session Management". */
export async function sessionManagement(driver: ContainerDriver, console: SeedConsole) {
  const sessionManager = new SessionManager(driver);
  try {
    // (test)
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
    const container = await driver.getContainer(session.containerId); // (test)

    // Cleanup session
    await sessionManager.cleanupSession(session.id);

    return { session, result, container, containerAfter: await driver.getContainer(session.containerId) }; // (test)
  } finally {
    await sessionManager.dispose(); // (test)
  }
}

/** The seed's Quick Start, "Error Handling" (its `config` is the Quick Start's). */
export async function errorHandling(driver: ContainerDriver, config: ContainerConfig, console: SeedConsole) {
  // Setup retry handler
  const retryHandler = new RetryHandler({
    maxRetries: 3,
    baseDelay: 1000,
    maxDelay: 10000,
    retryableErrors: [ContainerTimeoutError],
  });

  // Setup circuit breaker
  const circuitBreaker = new CircuitBreaker({
    failureThreshold: 5,
    resetTimeout: 60000,
    monitoringPeriod: 120000,
  });

  // Execute with error handling
  try {
    const result = await retryHandler.execute(async () => {
      return await circuitBreaker.execute(async () => {
        return await driver.createContainer(config);
      });
    });

    console.log('Container created successfully:', result.id);
    return result; // (test)
  } catch (error) {
    if (error instanceof ResourceLimitError) {
      console.error('Resource limit exceeded:', error.message);
    } else if (error instanceof ContainerTimeoutError) {
      console.error('Operation timeout:', error.message);
    } else {
      console.error('Unexpected error:', error);
    }
    return error instanceof ContainerError ? error : undefined; // (test)
  }
}

/** The seed's use case 1, "Agent Execution Environment". */
export async function agentExecutionEnvironment(driver: ContainerDriver) {
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
  return agentContainer; // (test)
}

/** The seed's use case 2, "Code Execution Sandbox". */
export async function codeExecutionSandbox(driver: ContainerDriver) {
  // Safe code execution with resource limits
  const sandbox = await driver.createContainer({
    image: 'openagent/sandbox:latest',
    resources: {
      cpu: 1,
      memory: 1024,
      disk: 2048,
    },
    readonlyRootfs: true,
    securityOpts: ['no-new-privileges'],
  });

  // Execute command would be implemented by the specific driver
  // For now, check container logs
  const logs = await driver.getContainerLogs(sandbox.id, {
    tail: 100,
  });
  return { sandbox, logs }; // (test)
}

/** The seed's use case 3, "Batch Processing". */
export async function batchProcessing(driver: ContainerDriver) {
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
  return { workers, statuses }; // (test)
}

/** The seed's use case 4, "Microservices Architecture" (`setupHealthChecks` is left to the reader there). */
export async function microservicesArchitecture(
  driver: ContainerDriver,
  setupHealthChecks: (container: Awaited<ReturnType<ContainerDriver['createContainer']>>) => void,
) {
  // Deploy microservices with health checks
  const services = [
    { name: 'api', image: 'openagent/api:latest', port: 8080 },
    { name: 'worker', image: 'openagent/worker:latest' },
    { name: 'database', image: 'postgres:13', port: 5432 },
  ];

  for (const service of services) {
    const container = await driver.createContainer({
      image: service.image,
      resources: {
        cpu: 1,
        memory: 2048,
        disk: 5120,
      },
      ports: service.port
        ? [
            {
              containerPort: service.port,
              hostPort: service.port,
            },
          ]
        : [],
      labels: {
        'service.name': service.name,
        'service.version': 'latest',
      },
    });

    await driver.startContainer(container.id);

    // Setup health checks
    setupHealthChecks(container);
  }
}

/** Every image the programs name, for fixtures. */
export const SEED_IMAGES: readonly string[] = Object.freeze([
  'openagent/agent:latest',
  'openagent/sandbox:latest',
  'openagent/processor:latest',
  'openagent/api:latest',
  'openagent/worker:latest',
  'postgres:13',
]);

/** The network the Quick Start attaches to. */
export const SEED_NETWORK = 'openagent-network';
