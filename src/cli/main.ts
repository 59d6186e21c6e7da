process.stdout.write('isms: not built yet\n');
