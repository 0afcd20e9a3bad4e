/** Prints one progress line per step, with the time since the stack started, so a waiting person sees movement. */
export class Progress {
  private readonly started = Date.now();

  step(message: string): void {
    const seconds = ((Date.now() - this.started) / 1000).toFixed(1).padStart(5);
    console.log(`[stack ${seconds}s] ${message}`);
  }

  warn(message: string): void {
    console.warn(`[stack] warning: ${message}`);
  }
}
