import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ServiceDatabaseLogin } from '@forum/postgres-local';
import type { ServiceDefinition } from '@forum/service-catalog';
import { CrashBackoff } from './crash-backoff';
import type { InstanceOutput } from './instance-output';
import type { InstanceRegistrar } from './instance-registrar';
import type { LoopbackAddresses } from './loopback-addresses';
import type { Progress } from './progress';
import { serviceEnv, type DiscoveryEnv } from './service-env';
import { startServiceProcess, type ServiceProcess } from './service-process';
import type { InstanceState } from './state-file';

interface RunningInstance extends InstanceState {
  process: ServiceProcess;
  /** Set once the runner decided to stop it, so its exit is not reported as a crash. */
  retiring: boolean;
  /** When it answered /ready, to tell a crash loop from a crash after a long run. */
  readyAt: number;
}

/** What the pool needs from the stack around it. */
export interface InstancePoolDeps {
  registrar: InstanceRegistrar;
  addresses: LoopbackAddresses;
  discovery: DiscoveryEnv;
  /** Each database service's own login; a service absent here runs with STORAGE=memory. */
  databases: ReadonlyMap<string, ServiceDatabaseLogin>;
  /** The catalog entries of the services this stack runs. */
  services: readonly ServiceDefinition[];
  progress: Progress;
  /** Where `dist/apps/<service>/main.js` lives. */
  distDir: string;
  logDir: string;
  /** How long resolvers may keep an old address: an instance is stopped only this long after deregistration. */
  dnsTtlSeconds: number;
  /**
   * How long an instance that died on its own stays registered, as a crashed ECS task stays in Cloud Map until ECS
   * has noticed and stopped it; the gateway meanwhile meets a dead address and must retry. 0 deregisters at once.
   */
  crashDeregisterDelaySeconds: number;
  /** Called after every change to the set of instances (the state file is rewritten there). */
  onChange: () => Promise<void>;
  /** Where instances' output is shown besides their log files; nowhere else when omitted (`--quiet`). */
  output?: InstanceOutput;
  /** Paces replacements of crashed instances; the ECS-like default when omitted. */
  backoff?: CrashBackoff;
}

/** Starts, registers, replaces and stops service instances the way ECS runs tasks. */
export class InstancePool {
  private readonly running: RunningInstance[] = [];
  private readonly counters = new Map<string, number>();
  private restarts: Promise<unknown> = Promise.resolve();
  private readonly backoff: CrashBackoff;
  /** Replacements of crashed instances still under way; stopAll waits for them. */
  private readonly replacing = new Set<Promise<void>>();
  /** Crashed instances per service not yet replaced; `restart <service>` may settle one before the backoff ends. */
  private readonly owed = new Map<string, number>();
  /** Aborted by stopAll: ends every backoff wait at once. */
  private readonly stopping = new AbortController();

  constructor(private readonly deps: InstancePoolDeps) {
    this.backoff = deps.backoff ?? new CrashBackoff();
  }

  /** The instances currently registered, for the state file. */
  instances(): InstanceState[] {
    return this.running.map(({ service, address, port, pid, instanceId }) => ({ service, address, port, pid, instanceId }));
  }

  /** Starts one more instance of `service` on a fresh loopback address and registers it once /ready answers. */
  async add(service: ServiceDefinition): Promise<InstanceState> {
    const n = (this.counters.get(service.name) ?? 0) + 1;
    this.counters.set(service.name, n);
    const instanceId = `${service.name}-${n}`;
    const address = await this.deps.addresses.acquire(service.port);
    let proc: ServiceProcess;
    try {
      proc = await startServiceProcess({
        mainFile: join(this.deps.distDir, service.name, 'main.js'),
        env: serviceEnv(service, address, this.deps.discovery, this.deps.databases.get(service.name)),
        logFile: join(this.deps.logDir, `${instanceId}.log`),
        readyUrl: `http://${address}:${service.port}/ready`,
        output: this.deps.output && { to: this.deps.output, name: instanceId },
      });
    } catch (err) {
      this.deps.addresses.release(address, service.port);
      throw new Error(`${instanceId} failed to start: ${(err as Error).message}`);
    }
    if (this.stopping.signal.aborted) {
      await proc.stop();
      this.deps.addresses.release(address, service.port);
      throw new Error(`${instanceId} started while the stack was stopping; stopped it again`);
    }
    const base = `http://${address}:${service.port}`;
    const instance: RunningInstance = { service: service.name, address, port: service.port, pid: proc.pid, instanceId, process: proc, retiring: false, readyAt: Date.now() };
    void proc.exited.then((how) => this.onExit(instance, how));
    await this.deps.registrar.register(instance);
    this.running.push(instance);
    await this.deps.onChange();
    this.deps.progress.step(`${instanceId} ready on ${base} (pid ${proc.pid}), registered`);
    return this.instances().find((i) => i.instanceId === instanceId) as InstanceState;
  }

  /**
   * Replaces one instance as an ECS deployment replaces a task: start the new one on a new address, register it
   * when ready, deregister the old one, wait out the DNS TTL, then SIGTERM the old one and let it drain.
   */
  restart(target: string): Promise<Record<string, unknown>> {
    const run = async () => {
      const old = this.running.find((i) => i.instanceId === target) ?? this.running.find((i) => i.service === target);
      const service = this.deps.services.find((s) => s.name === old?.service);
      // A service whose instances all crashed (or one crashed instance's id): start one now, without the backoff.
      const crashed = this.deps.services.find((s) => s.name === target || target.startsWith(`${s.name}-`));
      if (!old && crashed) {
        this.deps.progress.step(`restart ${target}: no running instance, starting one`);
        const claimed = this.claim(crashed.name);
        const fresh = await this.add(crashed).catch((err: Error) => {
          if (claimed) this.owe(crashed.name);
          throw err;
        });
        return { stopped: target, oldAddress: 'not running', started: fresh.instanceId, address: fresh.address };
      }
      if (!old || !service) {
        throw new Error(`no running instance or service "${target}" (running: ${this.running.map((i) => i.instanceId).join(', ')})`);
      }
      this.deps.progress.step(`restart ${old.instanceId}: starting its replacement`);
      const fresh = await this.add(service);
      await this.retire(old);
      return { stopped: old.instanceId, oldAddress: old.address, started: fresh.instanceId, address: fresh.address };
    };
    const result = this.restarts.then(run, run);
    this.restarts = result.catch(() => undefined);
    return result;
  }

  /** Deregisters every instance, then stops them all (in parallel) and waits for them to exit. */
  async stopAll(): Promise<void> {
    this.stopping.abort();
    await Promise.allSettled([...this.replacing]);
    const all = [...this.running];
    for (const i of all) i.retiring = true;
    await Promise.allSettled(all.map((i) => this.deps.registrar.deregister(i)));
    this.running.length = 0;
    await Promise.all(all.map((i) => i.process.stop()));
    for (const i of all) this.deps.addresses.release(i.address, i.port);
  }

  /** Last resort when the runner itself dies: SIGKILL everything still alive. */
  killAllNow(): void {
    for (const i of this.running) i.process.killNow();
  }

  private async retire(old: RunningInstance): Promise<void> {
    old.retiring = true;
    await this.deps.registrar.deregister(old);
    this.running.splice(this.running.indexOf(old), 1);
    await this.deps.onChange();
    // nginx's clock ticks in whole seconds, so an answer cached for valid=N s can live almost N+1 s: wait N+2.
    const waitMs = (this.deps.dnsTtlSeconds + 2) * 1000;
    this.deps.progress.step(`${old.instanceId} deregistered; SIGTERM in ${waitMs / 1000}s, after the DNS TTL`);
    await new Promise((r) => setTimeout(r, waitMs));
    await old.process.stop();
    this.deps.addresses.release(old.address, old.port);
    this.deps.progress.step(`${old.instanceId} stopped`);
  }

  private async onExit(instance: RunningInstance, how: string): Promise<void> {
    if (instance.retiring) return;
    const delay = this.deps.crashDeregisterDelaySeconds;
    this.deps.progress.warn(`${instance.instanceId} (${instance.address}) exited unexpectedly (${how}); deregistering it in ${delay}s, as ECS does once it has stopped the task`);
    await new Promise((r) => setTimeout(r, delay * 1000).unref());
    // A restart or stopAll meanwhile took it over: it deregistered and released the address already.
    if (instance.retiring) return;
    instance.retiring = true;
    const index = this.running.indexOf(instance);
    if (index >= 0) this.running.splice(index, 1);
    let deregistered = false;
    try {
      await this.deps.registrar.deregister(instance);
      deregistered = true;
      await this.deps.onChange();
      this.deps.progress.step(`${instance.instanceId} deregistered after its crash`);
    } catch (err) {
      // The address stays claimed: it may still be registered, and a new instance there would receive its traffic.
      this.deps.progress.warn(`could not deregister ${instance.instanceId}: ${(err as Error).message}`);
    }
    const service = this.deps.services.find((s) => s.name === instance.service);
    if (!service) return;
    this.owe(service.name);
    // The dead address stays claimed until the replacement has its own, so the replacement lands elsewhere, as a
    // new task gets a new IP.
    const release = () => deregistered && this.deps.addresses.release(instance.address, instance.port);
    this.track(this.replace(service, instance.instanceId, Date.now() - instance.readyAt).finally(release));
  }

  /**
   * Starts a replacement for a crashed instance, as an ECS service keeps its desired count: on a new address,
   * registered once ready. A service that keeps failing waits longer before each try, and each line says why.
   */
  private async replace(service: ServiceDefinition, crashedId: string, uptimeMs: number): Promise<void> {
    let wait = this.backoff.failed(service.name, uptimeMs);
    for (;;) {
      if (wait > 0) {
        this.deps.progress.warn(`${service.name} failed ${this.backoff.streak(service.name)} times in a row; next instance in ${wait / 1000}s`);
        await sleep(wait, undefined, { signal: this.stopping.signal }).catch(() => undefined);
      }
      if (this.stopping.signal.aborted || !this.claim(service.name)) return;
      this.deps.progress.step(`${crashedId} crashed: starting a replacement, as an ECS service does`);
      try {
        await this.add(service);
        return;
      } catch (err) {
        this.owe(service.name);
        if (this.stopping.signal.aborted) return;
        wait = this.backoff.failed(service.name);
        this.deps.progress.warn(`replacement for ${crashedId} did not start: ${(err as Error).message}`);
      }
    }
  }

  private owe(service: string): void {
    this.owed.set(service, (this.owed.get(service) ?? 0) + 1);
  }

  /** Takes one owed replacement of `service` to start now; false when none is owed (a restart started it). */
  private claim(service: string): boolean {
    const owed = this.owed.get(service) ?? 0;
    if (owed > 0) this.owed.set(service, owed - 1);
    return owed > 0;
  }

  private track(task: Promise<void>): void {
    this.replacing.add(task);
    void task.finally(() => this.replacing.delete(task));
  }
}
