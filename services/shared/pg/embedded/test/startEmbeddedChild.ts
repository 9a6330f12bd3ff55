/**
 * Test helper process: starts the embedded server on the directory given as argv[2], writes a
 * marker row, prints `READY <port>` and waits to be killed (the crash-recovery test SIGKILLs it).
 */
import pg from 'pg';
import { startEmbeddedPostgres } from '../embeddedPostgres.ts';

const dir = process.argv[2];
if (dir === undefined) throw new Error('usage: startEmbeddedChild.ts <dir>');
const server = await startEmbeddedPostgres({ dir, port: 0 });
const client = new pg.Client({ connectionString: server.url('postgres') });
await client.connect();
await client.query("CREATE TABLE crash_marker (note text); INSERT INTO crash_marker VALUES ('written before the crash')");
await client.end();
console.log(`READY ${server.port}`);
setInterval(() => undefined, 60_000);
