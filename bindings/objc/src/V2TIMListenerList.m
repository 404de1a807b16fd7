#import "V2TIMListenerList.h"

@implementation V2TIMListenerList

- (instancetype)init {
    if ((self = [super init])) {
        _lock = [[NSLock alloc] init];
        _items = [[NSMutableArray alloc] init];
    }
    return self;
}

- (void)dealloc {
    [_items release];
    [_lock release];
    [super dealloc];
}

- (void)add:(id)listener {
    if (!listener) return;
    [_lock lock];
    if ([_items indexOfObjectIdenticalTo:listener] == NSNotFound) [_items addObject:listener];
    [_lock unlock];
}

- (void)remove:(id)listener {
    [_lock lock];
    [_items removeObjectIdenticalTo:listener];
    [_lock unlock];
}

- (NSArray *)snapshot {
    [_lock lock];
    NSArray *copy = [NSArray arrayWithArray:_items];
    [_lock unlock];
    return copy;
}

@end
