// The least a Node.js runtime can do: connect and ask for an event. bench.py's floor.
import { connect } from 'node:net';

const [host, port] = process.env.AWS_LAMBDA_RUNTIME_API.split(':');
connect({ host, port: Number(port) }).write('GET /2018-06-01/runtime/invocation/next HTTP/1.1\r\nHost: x\r\n\r\n');
