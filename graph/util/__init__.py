"""Small shared tools: atomic writes, progress, aligned columns, worker threads, resources."""
