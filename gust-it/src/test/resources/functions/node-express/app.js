// An ordinary Express app, deployed to Lambda through serverless-http: nothing in it knows Gust.
const express = require('express');
const serverless = require('serverless-http');

const app = express();

app.get('/app/items/:id', (req, res) => {
  res.set('x-item-id', req.params.id);
  res.cookie('last-seen', req.params.id, { path: '/app', httpOnly: true });
  res.json({
    id: req.params.id,
    query: req.query,
    client: req.get('x-client') ?? null,
    cookies: req.get('cookie') ?? null,
    method: req.method,
    path: req.path,
    originalUrl: req.originalUrl,
  });
});

app.post('/app/items', express.json(), (req, res) => {
  if (typeof req.body?.name !== 'string') {
    res.status(400).json({ error: 'name is required' });
    return;
  }
  const created = { id: 'item-' + req.body.name.toLowerCase(), ...req.body };
  res.set('x-created-by', 'express');
  res.location('/app/items/' + created.id);
  res.cookie('session', 's-' + created.id, { path: '/', httpOnly: true });
  res.cookie('theme', 'dark');
  res.status(201).json(created);
});

// Binary out: the bytes 0..255, so any text decoding on the way would show.
app.get('/app/bytes', (req, res) => {
  const bytes = Buffer.alloc(256);
  for (let i = 0; i < bytes.length; i++) bytes[i] = i;
  res.type('application/octet-stream').send(bytes);
});

// Binary in and out: the request body, reversed.
app.put('/app/reverse', express.raw({ type: 'application/octet-stream', limit: '1mb' }), (req, res) => {
  res.type('application/octet-stream').send(Buffer.from(req.body).reverse());
});

app.get('/app/hello.txt', (req, res) => {
  res.type('text/plain').send('hello from express, ' + (req.query.name ?? 'nobody') + '\n');
});

// Relays another service's answer with all of its headers, as proxying routes often do; those
// include the upstream's own framing (Transfer-Encoding), which the gateway must not pass on.
app.get('/app/relayed', (req, res) => {
  const upstream = {
    status: 202,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'transfer-encoding': 'chunked', 'x-upstream': 'yes' },
    body: 'relayed body\n',
  };
  res.status(upstream.status).set(upstream.headers).send(upstream.body);
});

app.use((req, res) => {
  res.status(404).type('text/plain').send('no route for ' + req.method + ' ' + req.path);
});

exports.handler = serverless(app, { binary: ['application/octet-stream', 'image/*'] });
