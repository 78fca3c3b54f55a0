exports.handler = (event, context, callback) => {
  setTimeout(() => callback(null, { style: 'callback', requestId: context.awsRequestId, event }), 5);
};
