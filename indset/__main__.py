from indset.cli import main

main()
