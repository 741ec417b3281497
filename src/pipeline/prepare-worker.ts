/** Worker thread entry of prepare-pool.ts: builds the classifier once, then prepares pages on request. */
import { parentPort, workerData } from "node:worker_threads";
import { createClassifier } from "../classify/index.js";
import { describeError } from "../core/errors.js";
import type { PrepareRequest, PrepareResponse, PrepareWorkerData } from "./prepare-pool.js";
import { preparePage } from "./prepare.js";

const data = workerData as PrepareWorkerData;
const classifier = createClassifier({ ...(data.taxonomy ? { taxonomy: data.taxonomy } : {}), ...(data.model ? { model: data.model } : {}) });

parentPort?.on("message", (request: PrepareRequest) => {
  let response: PrepareResponse;
  try {
    response = { id: request.id, page: preparePage(classifier, request.input) };
  } catch (error) {
    response = { id: request.id, error: describeError(error) };
  }
  parentPort?.postMessage(response);
});
