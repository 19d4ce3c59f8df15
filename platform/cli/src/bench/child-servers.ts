import type { ChildProcess } from "node:child_process";
import net from "node:net";

/** Resolves with a server child's URL once it listens (it sends `{ url }`); rejects if it exits first. */
export function ready(child: ChildProcess, name = "server"): Promise<string> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`the ${name} exited (${code}) before listening`));
    child.once("exit", onExit);
    child.once("message", (message: { url: string }) => {
      child.off("exit", onExit);
      resolve(message.url);
    });
  });
}

/** Asks a server child to stop and waits for its process to end (killed after 20 s). */
export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  if (child.connected) child.send("stop");
  else child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
  await exited;
  clearTimeout(timer);
}

/** A port nothing listens on now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
