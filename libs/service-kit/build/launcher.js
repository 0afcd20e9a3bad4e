'use strict';
// A service's entry point (dist/apps/<service>/main.js), written by the build. The bundle starts fastest. With
// OpenTelemetry on (OTEL_EXPORTER_OTLP_ENDPOINT set), the unbundled build runs instead: the SDK can only instrument
// Express, Nest and pg when Node loads them from node_modules.
require(process.env.OTEL_EXPORTER_OTLP_ENDPOINT ? './server.js' : './server.bundle.js');
