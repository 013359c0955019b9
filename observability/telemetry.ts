import * as os from 'node:os';
import { diag, DiagLogLevel, trace } from '@opentelemetry/api';
import { log } from './log';
import { useMeter } from './metrics';

/** Telemetry while the process runs; `shutdown` sends what is buffered. */
export interface Telemetry {
  shutdown(): Promise<void>;
}

const OFF: Telemetry = { shutdown: async () => {} };
const SERVICE = 'helpdesk-bot';
/** How often metrics are sent; OTEL_METRIC_EXPORT_INTERVAL (ms) as in OpenTelemetry's other SDKs. */
const EXPORT_INTERVAL_MS = 60_000;

/**
 * Why an Application Insights connection string cannot be right, or undefined: it needs
 * InstrumentationKey=<GUID>, and an IngestionEndpoint, when given, must be a URL.
 */
export function connectionStringProblem(value: string): string | undefined {
  const fields = new Map<string, string>();
  for (const part of value.split(';').map((p) => p.trim()).filter(Boolean)) {
    const at = part.indexOf('=');
    if (at <= 0) return 'it is not a list of Name=value pairs separated by ";"';
    fields.set(part.slice(0, at).trim().toLowerCase(), part.slice(at + 1).trim());
  }
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(fields.get('instrumentationkey') ?? '')) {
    return 'it has no InstrumentationKey=<GUID>';
  }
  const endpoint = fields.get('ingestionendpoint');
  if (endpoint !== undefined && !/^https?:\/\/[^/]/i.test(endpoint)) return 'its IngestionEndpoint is not an http(s) URL';
  return undefined;
}

/**
 * Sends traces (a span per turn) and metrics (observability/metrics.ts) to Application
 * Insights when a connection string is set. Unset: nothing is loaded or started, and the
 * OpenTelemetry API's no-ops stand in. A malformed one is warned about, not fatal.
 */
export function startTelemetry({ connectionString, exportIntervalMs }: { connectionString: string; exportIntervalMs: number }): Telemetry {
  if (!connectionString.trim()) return OFF;
  const problem = connectionStringProblem(connectionString);
  if (problem) {
    log.warn(`APPLICATIONINSIGHTS_CONNECTION_STRING is malformed (${problem}): telemetry is off. `
      + 'Copy the connection string from the Application Insights resource (Overview, Connection String).');
    return OFF;
  }
  try {
    return startAzureMonitor(connectionString, exportIntervalMs || EXPORT_INTERVAL_MS);
  } catch (error) {
    log.warn({ err: error }, 'telemetry could not be started: telemetry is off');
    return OFF;
  }
}

/**
 * The OpenTelemetry SDK pieces and Azure Monitor's exporters, required only here: the
 * @azure/monitor-opentelemetry distro would load every instrumentation it bundles (about
 * 1.7 s at start, against 0.4 s for these).
 */
function startAzureMonitor(connectionString: string, exportIntervalMillis: number): Telemetry {
  const { AzureMonitorMetricExporter, AzureMonitorTraceExporter } = require('@azure/monitor-opentelemetry-exporter') as typeof import('@azure/monitor-opentelemetry-exporter');
  const { MeterProvider, PeriodicExportingMetricReader } = require('@opentelemetry/sdk-metrics') as typeof import('@opentelemetry/sdk-metrics');
  const { BasicTracerProvider, BatchSpanProcessor } = require('@opentelemetry/sdk-trace-base') as typeof import('@opentelemetry/sdk-trace-base');
  const { resourceFromAttributes } = require('@opentelemetry/resources') as typeof import('@opentelemetry/resources');
  // The exporters report failed sends through OpenTelemetry's diagnostics: into the log.
  diag.setLogger({
    error: (message) => log.warn(`telemetry: ${message}`),
    warn: (message) => log.warn(`telemetry: ${message}`),
    info: () => {},
    debug: () => {},
    verbose: () => {},
  }, DiagLogLevel.WARN);
  const resource = resourceFromAttributes({ 'service.name': SERVICE, 'service.instance.id': os.hostname() });
  const meterProvider = new MeterProvider({
    resource,
    readers: [new PeriodicExportingMetricReader({ exporter: new AzureMonitorMetricExporter({ connectionString }), exportIntervalMillis })],
  });
  const tracerProvider = new BasicTracerProvider({ resource, spanProcessors: [new BatchSpanProcessor(new AzureMonitorTraceExporter({ connectionString }))] });
  trace.setGlobalTracerProvider(tracerProvider);
  useMeter(meterProvider.getMeter(SERVICE));
  log.info({ exportIntervalMs: exportIntervalMillis }, 'telemetry: sending traces and metrics to Application Insights');
  return {
    shutdown: async () => {
      await Promise.allSettled([meterProvider.shutdown(), tracerProvider.shutdown()]);
    },
  };
}
