print("demo-app: not built yet")
