/**
 * Port choice for the embedded server: the preferred port when it is free, else any free one.
 */
import { createServer } from 'node:net';

function listenOn(port: number): Promise<number | null> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(null));
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      const bound = typeof address === 'object' && address !== null ? address.port : null;
      server.close(() => resolve(bound));
    });
  });
}

/** `preferred` if free on 127.0.0.1, else an ephemeral free port (0 asks for ephemeral directly). */
export async function pickFreePort(preferred: number): Promise<number> {
  const port = (preferred > 0 ? await listenOn(preferred) : null) ?? (await listenOn(0));
  if (port === null) throw new Error('No free TCP port on 127.0.0.1');
  return port;
}
