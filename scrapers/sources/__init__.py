"""People sources: the places a lookup finds who works at the company (team pages, the posting, the blog,
GitHub, Hunter). The contract is `base`, the registry `registry`, the per-person merge `merge`."""
