/** The one private DNS namespace the stand-in serves. */
export interface NamespaceRecord {
  readonly id: string;
  readonly arn: string;
  readonly name: string;
  readonly hostedZoneId: string;
  readonly createDate: Date;
}

/** A registered instance; ECS registers one per task with the task IP and container port. */
export interface InstanceRecord {
  readonly id: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly ipv4: string;
  readonly port: number;
  /** DNS label of the SRV target `<label>.<service>.<namespace>`. */
  readonly dnsLabel: string;
}

/** A Cloud Map service of type DNS_HTTP with A and SRV records, as ECS service discovery creates. */
export interface ServiceRecord {
  readonly id: string;
  readonly arn: string;
  readonly name: string;
  readonly namespaceId: string;
  readonly createDate: Date;
  readonly instances: Map<string, InstanceRecord>;
}

/** What an operation id reports; every change in the stand-in completes synchronously. */
export interface OperationRecord {
  readonly id: string;
  readonly type: 'REGISTER_INSTANCE' | 'DEREGISTER_INSTANCE';
  readonly serviceId: string;
  readonly instanceId: string;
  readonly date: Date;
}
