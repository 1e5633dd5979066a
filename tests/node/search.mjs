// A Node.js client of the search service, over TLS with a bearer token, using only the
// protos (no generated code): what a team calling mediasearch from JavaScript writes.
// Usage: node search.mjs ADDRESS CA_FILE TOKEN COLLECTION QUERY
// Prints the results as JSON; on an RPC error prints {"code": N, "details": "..."} and exits 3.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";

const [address, caFile, token, collection, query] = process.argv.slice(2);
const protos = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "protos");
const definition = protoLoader.loadSync("mediasearch/search/v1/search.proto", {
  includeDirs: [protos],
  keepCase: true,
  longs: Number,
  enums: String,
  defaults: true,
});
const { SearchService } = grpc.loadPackageDefinition(definition).mediasearch.search.v1;

const bearer = grpc.credentials.createFromMetadataGenerator((_params, callback) => {
  const metadata = new grpc.Metadata();
  if (token) metadata.add("authorization", `Bearer ${token}`);
  callback(null, metadata);
});
const credentials = grpc.credentials.combineChannelCredentials(
  grpc.credentials.createSsl(readFileSync(caFile)),
  bearer,
);
const client = new SearchService(address, credentials);
const deadline = new Date(Date.now() + 30_000);
client.Search(
  { parent: `collections/${collection}`, terms: [{ text: query }], page_size: 5 },
  { deadline },
  (error, response) => {
    if (error) {
      console.log(JSON.stringify({ code: error.code, details: error.details }));
      process.exit(3);
    }
    const results = response.results.map((r) => ({ id: r.item.id, score: r.score, rank: r.rank }));
    console.log(JSON.stringify({ results, method: response.calibration.method }));
    client.close();
  },
);
