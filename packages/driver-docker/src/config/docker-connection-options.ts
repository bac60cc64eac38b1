/** Connects over a unix socket (the default `/var/run/docker.sock`). */
export interface DockerSocketConnection {
  /** Path of the engine's unix socket. */
  socketPath: string;
}

/** Connects over TCP, plain (`http`) or with TLS (`https`, client certificate optional). */
export interface DockerTcpConnection {
  /** Engine host name or address. */
  host: string;
  /** Engine port (2375 plain, 2376 TLS by convention). */
  port: number;
  /** `http` or `https` (TLS). */
  protocol: 'http' | 'https';
  /** CA certificate(s) (PEM) to verify the engine with. */
  ca?: string | Buffer;
  /** Client certificate (PEM). */
  cert?: string | Buffer;
  /** Client private key (PEM). */
  key?: string | Buffer;
}

/** Where the engine is: `{ socketPath }` or `{ host, port, protocol, ca?, cert?, key? }`. */
export type DockerConnectionOptions = DockerSocketConnection | DockerTcpConnection;

/** The socket used when neither options nor `DOCKER_HOST` say otherwise. */
export const DEFAULT_DOCKER_SOCKET = '/var/run/docker.sock';
