"""Reports and exports: files a commander prints or loads on a phone."""
