// Streaming handlers written for Lambda's Node.js runtime (awslambda.streamifyResponse), served
// by function URLs in RESPONSE_STREAM mode. Node built-ins only.
import http from 'node:http';

/** Resolves once $GATE_URL/name answers: the test opens a gate when it has seen the first event. */
function gate(name) {
  return new Promise((resolve, reject) => {
    http
      .get(process.env.GATE_URL + name, (res) => {
        res.resume();
        res.on('end', resolve);
      })
      .on('error', reject);
  });
}

/** Server-sent events: one before the gate, one after it. */
export const events = awslambda.streamifyResponse(async (event, responseStream) => {
  const stream = awslambda.HttpResponseStream.from(responseStream, {
    statusCode: 200,
    headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'x-path': event.rawPath },
    cookies: ['stream=on; Path=/'],
  });
  stream.write('data: first\n\n');
  await gate('events');
  stream.write('data: second\n\n');
  stream.end();
});

/** Writes one event, then fails (after the gate, so that the client has the event first). */
export const failing = awslambda.streamifyResponse(async (event, responseStream) => {
  const stream = awslambda.HttpResponseStream.from(responseStream, {
    statusCode: 200,
    headers: { 'content-type': 'text/event-stream' },
  });
  stream.write('data: partial\n\n');
  await gate('failing');
  throw new Error('failed after the first chunk');
});

/** No HTTP integration prelude: the raw bytes written are the body. */
export const raw = awslambda.streamifyResponse(async (event, responseStream) => {
  responseStream.write(Buffer.from([0, 1, 2, 0xfe, 0xff]));
  responseStream.write('plain text after binary\n');
  responseStream.end(Buffer.from([0x80]));
});

/** A body whose size is known up front, announced in the prelude (as a file download would be). */
export const sized = awslambda.streamifyResponse(async (event, responseStream) => {
  const stream = awslambda.HttpResponseStream.from(responseStream, {
    statusCode: 200,
    headers: { 'content-type': 'text/plain', 'content-length': '12' },
  });
  stream.write('hello ');
  stream.end('world\n');
});
