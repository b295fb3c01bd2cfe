import multiprocessing

from meetingapp.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()  # the render worker is a spawned process
    raise SystemExit(main())
