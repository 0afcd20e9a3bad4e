import * as dnsPacket from 'dns-packet';
import type { Answer, DecodedPacket, Packet, Question } from 'dns-packet';
import type { CloudMapRegistry } from '../registry/cloud-map-registry';

/** Classic DNS-over-UDP size limit when the query carries no EDNS buffer size. */
const CLASSIC_UDP_LIMIT = 512;
const RCODE = { NOERROR: 0, SERVFAIL: 2, NXDOMAIN: 3, NOTIMP: 4 } as const;

/** How answers are built: the TTL on every record and whether the transport limits size (UDP). */
export interface DnsAnswerOptions {
  readonly ttlSeconds: number;
  readonly transport: 'udp' | 'tcp';
}

/**
 * Answers one DNS query from the registry, the way Route 53 answers for a Cloud Map namespace:
 * `<service>.<ns>` has an A record per instance and an SRV record per instance pointing at
 * `<instance>.<service>.<ns>` (which has an A record); other record types of a known name get an
 * empty NOERROR answer (nginx asks for AAAA); unknown names get NXDOMAIN.
 * Returns undefined for a packet that cannot be decoded (dropped, as servers do).
 */
export function answerDnsQuery(registry: CloudMapRegistry, query: Buffer, options: DnsAnswerOptions): Buffer | undefined {
  let request: DecodedPacket;
  try {
    request = dnsPacket.decode(query);
  } catch {
    return undefined;
  }
  const question = request.questions?.[0];
  const recursionDesired = (request.flags ?? 0) & dnsPacket.RECURSION_DESIRED;
  const reply = (rcode: number, answers: Answer[] = [], additionals: Answer[] = [], authorities: Answer[] = []): Packet => ({
    type: 'response',
    id: request.id,
    flags: dnsPacket.AUTHORITATIVE_ANSWER | recursionDesired | rcode,
    questions: request.questions,
    answers,
    additionals,
    authorities,
  });
  if (request.type !== 'query' || !question) return dnsPacket.encode(reply(RCODE.NOTIMP));

  const packet = resolve(registry, question, options.ttlSeconds, reply);
  const encoded = dnsPacket.encode(packet);
  const limit = udpLimit(request);
  if (options.transport === 'udp' && encoded.length > limit) {
    // Too big for this UDP reply: say so (TC) and let the client repeat the query over TCP.
    return dnsPacket.encode({ ...reply(RCODE.NOERROR), flags: (packet.flags ?? 0) | dnsPacket.TRUNCATED_RESPONSE });
  }
  return encoded;
}

type Reply = (rcode: number, answers?: Answer[], additionals?: Answer[], authorities?: Answer[]) => Packet;

function resolve(registry: CloudMapRegistry, question: Question, ttl: number, reply: Reply): Packet {
  const ns = registry.namespace.name;
  const name = question.name.toLowerCase().replace(/\.$/, '');
  const soa = soaRecord(ns, ttl);
  if (name === ns) return reply(RCODE.NOERROR, question.type === 'SOA' ? [soa] : [], [], question.type === 'SOA' ? [] : [soa]);
  if (!name.endsWith(`.${ns}`)) return reply(RCODE.NXDOMAIN, [], [], [soa]);

  const labels = name.slice(0, -(ns.length + 1)).split('.');
  const service = registry.findService(labels[labels.length - 1]);
  if (!service || labels.length > 2) return reply(RCODE.NXDOMAIN, [], [], [soa]);
  const instances = [...service.instances.values()];

  if (labels.length === 2) {
    const instance = instances.find((i) => i.dnsLabel === labels[0]);
    if (!instance) return reply(RCODE.NXDOMAIN, [], [], [soa]);
    if (question.type !== 'A') return reply(RCODE.NOERROR, [], [], [soa]);
    return reply(RCODE.NOERROR, [{ type: 'A', name: question.name, ttl, data: instance.ipv4 }]);
  }

  // A known service without instances answers NODATA rather than NXDOMAIN, so clients can tell
  // "nothing registered right now" from "no such service".
  if (question.type === 'A' && instances.length > 0) {
    return reply(RCODE.NOERROR, instances.map((i) => ({ type: 'A', name: question.name, ttl, data: i.ipv4 })));
  }
  if (question.type === 'SRV' && instances.length > 0) {
    const target = (label: string) => `${label}.${service.name}.${ns}`;
    return reply(
      RCODE.NOERROR,
      instances.map((i) => ({ type: 'SRV', name: question.name, ttl, data: { priority: 1, weight: 1, port: i.port, target: target(i.dnsLabel) } })),
      instances.map((i) => ({ type: 'A', name: target(i.dnsLabel), ttl, data: i.ipv4 })),
    );
  }
  return reply(RCODE.NOERROR, [], [], [soa]);
}

function soaRecord(ns: string, ttl: number): Answer {
  return {
    type: 'SOA',
    name: ns,
    ttl,
    data: { mname: `ns.${ns}`, rname: `hostmaster.${ns}`, serial: 1, refresh: 7200, retry: 900, expire: 1209600, minimum: ttl },
  };
}

function udpLimit(request: DecodedPacket): number {
  const opt = request.additionals?.find((a) => a.type === 'OPT');
  const size = opt && 'udpPayloadSize' in opt ? Number(opt.udpPayloadSize) : 0;
  return Math.max(CLASSIC_UDP_LIMIT, size);
}
