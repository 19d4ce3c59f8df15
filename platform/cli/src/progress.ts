import cliProgress from "cli-progress";

/**
 * A byte progress bar on stderr for one file. On a terminal it redraws in place; elsewhere (CI,
 * a pipe) it prints nothing until `done`, so logs stay readable.
 */
export function fileProgress(label: string, totalBytes: number) {
  const tty = process.stderr.isTTY === true;
  const bar = tty
    ? new cliProgress.SingleBar(
        {
          format: `${label.padEnd(44)} [{bar}] {percentage}% | {mb}/{totalMb} MB | {rows} rows | {speed} MB/s`,
          stream: process.stderr,
          hideCursor: true,
          barsize: 24,
        },
        cliProgress.Presets.shades_classic,
      )
    : undefined;
  const started = Date.now();
  const mb = (bytes: number) => (bytes / 1e6).toFixed(1);
  bar?.start(totalBytes, 0, { mb: "0.0", totalMb: mb(totalBytes), rows: 0, speed: "0.0" });
  return {
    update(bytes: number, rows: number) {
      const seconds = Math.max((Date.now() - started) / 1000, 0.001);
      bar?.update(bytes, { mb: mb(bytes), rows, speed: (bytes / 1e6 / seconds).toFixed(1) });
    },
    stop() {
      bar?.stop();
    },
  };
}
