# The offline app keeps no data on the server (the queue lives in the browser): nothing to administer.
