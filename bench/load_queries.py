"""The search words of the load scenario (bench/locustfile.py), also visited by bench/load.py's warm-up."""

QUERIES = ["贷款", "小微企业", "政策", "担保", "信用贷款", "科技", "贴息", "融资", "普惠金融", "税贷"]
