// Test helper process: behave like `kinerja build` once it has finished writing and runs the site
// build: hold the write lock as "kinerja build" with readers allowed, say "ready <pid>", and keep it
// until stdin closes. Usage: tsx hold-build.ts <db>
import { withWarehouse } from "../../loaders/warehouse/connection.ts";
import { acquireWriteLock, allowReaders } from "../../loaders/warehouse/lock.ts";

const [db] = process.argv.slice(2);
const release = acquireWriteLock(db, "kinerja build");
await withWarehouse({ path: db, command: "kinerja build" }, async () => {});
allowReaders(db);
process.stdout.write(`ready ${process.pid}\n`);
const done = () => {
  release();
  process.exit(0);
};
process.stdin.on("end", done);
process.stdin.on("close", done);
process.stdin.resume();
