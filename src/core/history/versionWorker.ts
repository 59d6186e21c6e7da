// The entry of a version-parsing thread (dist/versionWorker.js; versionThreads.ts starts it):
// receives batches of blobs, answers with their versions, parsed exactly as on the calling thread.
import { parentPort } from 'node:worker_threads';
import { versionOfBlob } from './versions';
import type { BatchMessage, BatchReply } from './versionThreads';

const port = parentPort;
if (port) {
  port.on('message', (message: BatchMessage) => {
    let reply: BatchReply;
    try {
      const bytes = new Uint8Array(message.buffer);
      let start = 0;
      const versions = message.files.map((file, i) => {
        const end = message.ends[i];
        const version = versionOfBlob(file, bytes.subarray(start, end));
        start = end;
        return version;
      });
      reply = { seq: message.seq, versions };
    } catch (e) {
      // The calling thread parses this batch itself, and meets the same error there.
      reply = { seq: message.seq, error: String((e as Error)?.message ?? e) };
    }
    port.postMessage(reply);
  });
}
